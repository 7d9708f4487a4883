using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Benchmarks;

/// <summary>
/// Issue 20: the floor under the signer's CPU per certificate. Every certificate costs, through
/// .NET's OpenSSL-backed ECDsa/RSA, at least: the request's public key imported (for ECDSA,
/// OpenSSL's EC_KEY_check_key multiplies the point by the group order, a scalar multiplication of
/// its own), the request's self-signature verified, the TBS signed with the CA key, and the new
/// signature verified against the CA certificate's key (post-sign verification, kept per thread).
/// <see cref="ParseCsr"/> is CsrInfo.Parse, which does the first two plus the DER parse.
/// </summary>
public class CryptoFloorBenchmarks
{
    private byte[] csr = [];
    private byte[] spki = [];
    private byte[] csrInfo = [];
    private byte[] csrSignature = [];
    private byte[] tbs = [];
    private byte[] caSignature = [];
    private AsymmetricAlgorithm caKey = null!;
    private AsymmetricAlgorithm caPublic = null!;

    [Params("ec", "rsa")]
    public string Key { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var subject = new X500DistinguishedName("CN=floor.example.org");
        if (Key == "ec")
        {
            using var requestKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            csr = new CertificateRequest(subject, requestKey, HashAlgorithmName.SHA256).CreateSigningRequest();
            var ca = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            caKey = ca;
            var pub = ECDsa.Create();
            pub.ImportSubjectPublicKeyInfo(ca.ExportSubjectPublicKeyInfo(), out _);
            caPublic = pub;
        }
        else
        {
            using var requestKey = RSA.Create(2048);
            csr = new CertificateRequest(subject, requestKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest();
            var ca = RSA.Create(2048);
            caKey = ca;
            var pub = RSA.Create();
            pub.ImportSubjectPublicKeyInfo(ca.ExportSubjectPublicKeyInfo(), out _);
            caPublic = pub;
        }

        // The parts of the request as the signer sees them; a TBS of a typical certificate's size.
        var request = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        spki = request.PublicKey.ExportSubjectPublicKeyInfo();
        var reader = new System.Formats.Asn1.AsnReader(csr, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        csrInfo = reader.ReadEncodedValue().ToArray();
        _ = reader.ReadSequence();
        csrSignature = reader.ReadBitString(out _);
        tbs = RandomNumberGenerator.GetBytes(700);
        caSignature = SignTbs();
    }

    [Benchmark]
    public object ImportRequestKey() => Import(spki);

    [Benchmark]
    public bool ImportAndVerifyRequest()
    {
        using var key = Import(spki);
        return key is ECDsa ec
            ? ec.VerifyData(csrInfo, csrSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
            : ((RSA)key).VerifyData(csrInfo, csrSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [Benchmark]
    public byte[] SignTbs() => caKey is ECDsa ec
        ? ec.SignData(tbs, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        : ((RSA)caKey).SignData(tbs, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public bool PostSignVerify() => caPublic is ECDsa ec
        ? ec.VerifyData(tbs, caSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        : ((RSA)caPublic).VerifyData(tbs, caSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark]
    public CsrInfo ParseCsr() => CsrInfo.Parse(csr);

    [GlobalCleanup]
    public void Cleanup()
    {
        caKey.Dispose();
        caPublic.Dispose();
    }

    private AsymmetricAlgorithm Import(byte[] der)
    {
        AsymmetricAlgorithm key = Key == "ec" ? ECDsa.Create() : RSA.Create();
        key.ImportSubjectPublicKeyInfo(der, out _);
        return key;
    }
}
