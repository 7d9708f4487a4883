namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>The key types the key ceremony may generate on a token.</summary>
public enum KeySpec
{
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcP256,
    EcP384,
}
