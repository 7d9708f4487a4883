using System.Security.Cryptography;
using System.Text;
using CsCheck;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;

namespace PrivSepSigner.Policy.Tests.Properties;

/// <summary>
/// Property tests of SpkacInfo.Parse, DER and text forms: any input and any mutation of a valid
/// SPKAC give an SpkacInfo or CsrException in bounded time; a valid SPKAC round-trips its
/// challenge and key.
/// </summary>
public sealed class SpkacProperties
{
    private static readonly byte[] Valid = Spkacs.P256("challenge-1");

    private static readonly Gen<string> Challenge = Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c));

    [Fact]
    public void Any_bytes_are_an_spkac_or_one_csr_exception() =>
        Gen.Byte.Array[0, 2048].Sample(bytes => Mutations.OnlyThrows<CsrException>(() => SpkacInfo.Parse(bytes)), iter: 3000);

    [Fact]
    public void Any_text_is_an_spkac_or_one_csr_exception() =>
        Gen.String.Sample(text => Mutations.OnlyThrows<CsrException>(() => SpkacInfo.Parse("SPKAC=" + text)), iter: 3000);

    [Fact]
    public void Mutated_valid_spkacs_are_an_spkac_or_one_csr_exception() =>
        Mutations.Of(Valid).Sample(bytes =>
        {
            Mutations.OnlyThrows<CsrException>(() => SpkacInfo.Parse(bytes));
            Mutations.OnlyThrows<CsrException>(() => SpkacInfo.Parse("SPKAC=" + Convert.ToBase64String(bytes)));
        }, iter: 3000);

    [Fact]
    public void Mutated_text_forms_are_an_spkac_or_one_csr_exception() =>
        Mutations.Of(Encoding.ASCII.GetBytes("SPKAC=" + Convert.ToBase64String(Valid) + "\n"))
            .Sample(bytes => Mutations.OnlyThrows<CsrException>(() => SpkacInfo.Parse(bytes)), iter: 3000);

    [Fact]
    public void A_valid_spkac_round_trips_its_challenge_and_key_in_both_forms() =>
        Challenge.Sample(challenge =>
        {
            byte[]? spki = null;
            var der = Spkacs.P256(challenge, s => spki = s);
            foreach (var parsed in new[] { SpkacInfo.Parse(der), SpkacInfo.Parse("SPKAC=" + Convert.ToBase64String(der)) })
            {
                Assert.Equal(challenge, parsed.Challenge);
                Assert.Equal(spki, parsed.SpkiDer);
                Assert.Equal(KeyKind.Ec, parsed.KeyKind);
                Assert.Equal("P-256", parsed.CurveName);
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki!)), parsed.SpkiSha256Hex);
            }
        }, iter: 200);
}
