using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance.Tests.Support;

/// <summary>A real key backend whose signatures get one bit flipped: a fault the issuer must catch.</summary>
internal sealed class FaultySigningKey : ISigningKey
{
    private readonly ISigningKey inner;

    public FaultySigningKey(ISigningKey inner) => this.inner = inner;

    public string Description => inner.Description;

    public SignatureAlgorithm Algorithm => inner.Algorithm;

    public byte[] SubjectPublicKeyInfo => inner.SubjectPublicKeyInfo;

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = inner.Sign(data);
        signature[signature.Length / 2] ^= 0x10;
        return signature;
    }

    public void Dispose() => inner.Dispose();
}
