using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance.Ceremony;

/// <summary>
/// Lets .NET's <see cref="CertificateRequest"/> sign with any <see cref="ISigningKey"/> (a file
/// key or a key that never leaves its token): the key signs, .NET encodes. The hash is the
/// key's own; a request for another hash is refused rather than silently changed.
/// </summary>
internal sealed class KeySignatureGenerator : X509SignatureGenerator
{
    private readonly ISigningKey key;

    public KeySignatureGenerator(ISigningKey key) => this.key = key;

    public HashAlgorithmName Hash => SignatureAlgorithms.HashOf(key.Algorithm);

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        RequireOwnHash(hashAlgorithm);
        return SignatureAlgorithmIds.For(key.Algorithm).GetDerEncoded();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        RequireOwnHash(hashAlgorithm);
        return key.Sign(data);
    }

    protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);

    private void RequireOwnHash(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm != Hash)
        {
            throw new CryptographicException($"key {key.Description} signs with {Hash.Name}, not {hashAlgorithm.Name}");
        }
    }
}
