using PrivSepSigner.Issuance.OpenPgp;

namespace PrivSepSigner.Issuance.Tests.OpenPgp;

/// <summary>
/// Regressions for what fuzz/run.sh found in OpenPGP keys (Findings/openpgp): inputs that made
/// the certifier throw something other than its one documented exception type. Each must now
/// be that type. (The CSR and SPKAC findings are Policy's: PrivSepSigner.Policy.Tests.FuzzFindingTests.)
/// </summary>
public sealed class FuzzFindingTests : IClassFixture<OpenPgpCertifierTests.CaFixture>
{
    private readonly OpenPgpCaKey ca;

    public FuzzFindingTests(OpenPgpCertifierTests.CaFixture fixture) => ca = fixture.Ca;

    public static TheoryData<string> OpenPgpFindings => [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Findings", "openpgp")).Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(OpenPgpFindings))]
    public void A_malformed_openpgp_key_found_by_fuzzing_is_refused(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Findings", "openpgp", name));
        Assert.Throws<PgpRefusedException>(() => OpenPgpCertifier.Certify(ca, bytes, [], new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
    }
}
