using System.Numerics;

namespace PrivSepSigner.Policy.KeyChecks;

/// <summary>
/// Modulus and exponent of a SubjectPublicKeyInfo's RSAPublicKey (RFC 8017 A.1.1), read once
/// with the rest of the key when the request is parsed (see <see cref="CsrInfo.RsaKey"/>).
/// </summary>
public readonly record struct RsaPublicKey(BigInteger Modulus, BigInteger Exponent);
