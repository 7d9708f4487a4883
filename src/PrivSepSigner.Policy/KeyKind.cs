namespace PrivSepSigner.Policy;

/// <summary>The requester's key algorithm, from the CSR's SubjectPublicKeyInfo.</summary>
public enum KeyKind
{
    Rsa,
    Ec,
    Other,
}
