namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// The token's own statement about a private key, read back from its attributes for the key
/// ceremony record: a key that is Sensitive, not Extractable, AlwaysSensitive and
/// NeverExtractable has never left the token in plain form (PKCS#11 v2.40 4.9).
/// </summary>
public sealed record PrivateKeyProtection(bool OnToken, bool Sensitive, bool Extractable, bool AlwaysSensitive, bool NeverExtractable)
{
    /// <summary>True when the token vouches that the key value has never been readable outside it.</summary>
    public bool NeverLeftToken => OnToken && Sensitive && !Extractable && AlwaysSensitive && NeverExtractable;
}
