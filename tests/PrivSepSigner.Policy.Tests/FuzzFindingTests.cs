using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Regressions for what fuzz/run.sh found: inputs that made a parser throw something other
/// than its one documented exception type. Each must now be that type. (The OpenPGP
/// findings are the issuer's: PrivSepSigner.Issuance.Tests.OpenPgp.FuzzFindingTests.)
/// </summary>
public sealed class FuzzFindingTests
{
    // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) and the same arcs under 1.1: not an algorithm .NET knows.
    private static readonly byte[] EcdsaSha256Oid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
    private static readonly byte[] UnknownOid = [0x06, 0x08, 0x29, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];

    // prime256v1 (1.2.840.10045.3.1.7) and its unassigned sibling ...3.1.8.
    private static readonly byte[] P256Oid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private static readonly byte[] UnknownCurveOid = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x08];

    [Fact]
    public void A_csr_signed_with_an_unknown_algorithm_is_a_csr_exception()
    {
        var der = Spkacs.ReplaceLast(DotNetCsrs.Make(DotNetCsrs.Cn("fuzz.example.org")), EcdsaSha256Oid, UnknownOid);
        var e = Assert.Throws<CsrException>(() => CsrInfo.Parse(der));

        // Refused by the parser's own table before any import (it once reached .NET's loader,
        // which threw NotSupportedException), and named.
        Assert.Contains("signature algorithm 1.1.840.10045.4.3.2 is not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_spkac_key_on_an_unknown_curve_is_a_csr_exception()
    {
        var der = Spkacs.P256("c", spki => Spkacs.ReplaceLast(spki, P256Oid, UnknownCurveOid));
        var e = Assert.Throws<CsrException>(() => SpkacInfo.Parse(der));
        Assert.IsAssignableFrom<NotSupportedException>(e.InnerException);
    }
}
