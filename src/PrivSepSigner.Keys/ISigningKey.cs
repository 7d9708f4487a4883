namespace PrivSepSigner.Keys;

/// <summary>
/// The one narrow interface every key backend (file, PKCS#11) implements. It signs bytes and
/// reveals the public key; it never exposes private key material, so nothing outside the
/// backend can copy the key.
/// </summary>
public interface ISigningKey : IDisposable
{
    /// <summary>Human-readable key type such as "RSA-2048" or "EC-P256"; never secret material.</summary>
    string Description { get; }

    /// <summary>The only algorithm this key signs with.</summary>
    SignatureAlgorithm Algorithm { get; }

    /// <summary>DER SubjectPublicKeyInfo (RFC 5280 4.1.2.7) of the key.</summary>
    byte[] SubjectPublicKeyInfo { get; }

    /// <summary>
    /// Hashes <paramref name="data"/> with the algorithm's hash and signs it. ECDSA signatures
    /// are DER-encoded (RFC 3279 2.2.3). Safe to call from several threads.
    /// </summary>
    byte[] Sign(ReadOnlySpan<byte> data);
}
