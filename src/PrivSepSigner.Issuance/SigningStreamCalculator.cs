using Org.BouncyCastle.Crypto;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Issuance;

/// <summary>Collects the DER to be signed, then signs it in one call to the key backend.</summary>
internal sealed class SigningStreamCalculator : IStreamCalculator<IBlockResult>
{
    private readonly ISigningKey key;
    private readonly MemoryStream buffer = new();

    public SigningStreamCalculator(ISigningKey key) => this.key = key;

    public Stream Stream => buffer;

    public IBlockResult GetResult()
    {
        // BouncyCastle closes the stream before asking for the result; ToArray works on a
        // closed MemoryStream where Length and GetBuffer would not.
        return new SimpleBlockResult(key.Sign(buffer.ToArray()));
    }
}
