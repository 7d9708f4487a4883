namespace PrivSepSigner.Policy;

/// <summary>The keyUsage bits a profile may grant (RFC 5280 4.2.1.3); encipherOnly/decipherOnly are never issued.</summary>
[Flags]
public enum KeyUsageFlags
{
    None = 0,
    DigitalSignature = 1 << 0,
    NonRepudiation = 1 << 1,
    KeyEncipherment = 1 << 2,
    DataEncipherment = 1 << 3,
    KeyAgreement = 1 << 4,
    KeyCertSign = 1 << 5,
    CrlSign = 1 << 6,
}
