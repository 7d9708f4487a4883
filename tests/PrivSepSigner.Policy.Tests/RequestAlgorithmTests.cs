using System.Security.Cryptography;
using PrivSepSigner.TestSupport;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

/// <summary>
/// Issue 22 items 4 and 8: what a request is signed with and what key it carries are
/// refused with a message that says what is wrong: SHA-1 as for SPKAC, a compressed EC
/// point as such, an Ed25519 (or other unsupported) key by name with the accepted ones.
/// </summary>
public sealed class RequestAlgorithmTests
{
    private const string WeakDigest = "is signed with MD5 or SHA-1, which are refused; sign it with SHA-256 or better";

    [Fact]
    public void A_sha1_signed_csr_is_refused_with_the_spkac_message()
    {
        using var dir = new TempDir();
        OpenSsl.Ok(dir.Path, "req", "-new", "-newkey", "rsa:2048", "-sha1", "-nodes", "-keyout", dir.File("k.pem"), "-subj", "/CN=host.example.org", "-outform", "DER", "-out", dir.File("r.der"));
        var rsa = ParseFails(dir.File("r.der"));
        Assert.Equal("request " + WeakDigest, rsa.Message);

        OpenSsl.Ok(dir.Path, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha1", "-nodes", "-keyout", dir.File("e.pem"), "-subj", "/CN=host.example.org", "-outform", "DER", "-out", dir.File("e.der"));
        var ec = ParseFails(dir.File("e.der"));
        Assert.Equal("request " + WeakDigest, ec.Message);
    }

    [Fact]
    public void The_spkac_message_is_the_same()
    {
        using var dir = new TempDir();
        OpenSsl.Ok(dir.Path, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir.File("k.pem"));
        var text = OpenSsl.Ok(dir.Path, "spkac", "-key", dir.File("k.pem"), "-challenge", "c", "-digest", "sha1");
        var e = Assert.Throws<CsrException>(() => SpkacInfo.Parse(text));
        Assert.Equal("SPKAC " + WeakDigest, e.Message);
    }

    [Fact]
    public void A_compressed_p256_point_is_named_as_such()
    {
        using var dir = new TempDir();
        OpenSsl.Ok(dir.Path, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.File("k.pem"));
        OpenSsl.Ok(dir.Path, "ec", "-in", dir.File("k.pem"), "-conv_form", "compressed", "-out", dir.File("kc.pem"));
        OpenSsl.Ok(dir.Path, "req", "-new", "-key", dir.File("kc.pem"), "-subj", "/CN=host.example.org", "-outform", "DER", "-out", dir.File("r.der"));
        var e = ParseFails(dir.File("r.der"));
        AssertNames(e.Message, "compressed", "uncompressed");
        Assert.DoesNotContain("self-signature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ed25519_key_is_named_with_the_accepted_algorithms()
    {
        using var dir = new TempDir();
        OpenSsl.Ok(dir.Path, "req", "-new", "-newkey", "ed25519", "-nodes", "-keyout", dir.File("k.pem"), "-subj", "/CN=host.example.org", "-outform", "DER", "-out", dir.File("r.der"));
        AssertNames(ParseFails(dir.File("r.der")).Message, "Ed25519", "RSA", "P-256");
    }

    [Fact]
    public void A_verifiable_but_unaccepted_key_algorithm_is_named_with_what_the_profile_accepts()
    {
        using var dsa = DSA.Create(2048);
        var der = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            DotNetCsrs.Cn("host.example.org"),
            System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(dsa.ExportSubjectPublicKeyInfo(), out _),
            HashAlgorithmName.SHA256).CreateSigningRequest(new DsaGenerator(dsa));
        PolicyResult result;
        try
        {
            result = ProfilePolicy.Evaluate(Profile.Create("server", ProductProfiles.All["server"]), CsrInfo.Parse(der));
        }
        catch (CsrException e)
        {
            // .NET may not verify DSA here; then the parser names it.
            Assert.Contains("DSA", e.Message, StringComparison.Ordinal);
            return;
        }

        var refused = Assert.IsType<PolicyResult.Refused>(result);
        Assert.Equal(RefusalCode.KeyTypeNotAllowed, refused.Code);
        AssertNames(refused.Message, "DSA", "P-256", "RSA");
    }

    private static CsrException ParseFails(string derFile) => Assert.Throws<CsrException>(() => CsrInfo.Parse(File.ReadAllBytes(derFile)));

    private static void AssertNames(string message, params string[] names) =>
        Assert.All(names, name => Assert.Contains(name, message, StringComparison.Ordinal));

    /// <summary>dsa-with-SHA256 signatures for a DSA request.</summary>
    private sealed class DsaGenerator(DSA dsa) : System.Security.Cryptography.X509Certificates.X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Convert.FromHexString("300B0609608648016503040302");

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => dsa.SignData(data, hashAlgorithm, DSASignatureFormat.Rfc3279DerSequence);

        protected override System.Security.Cryptography.X509Certificates.PublicKey BuildPublicKey() =>
            System.Security.Cryptography.X509Certificates.PublicKey.CreateFromSubjectPublicKeyInfo(dsa.ExportSubjectPublicKeyInfo(), out _);
    }
}
