namespace PrivSepSigner.Issuance;

/// <summary>
/// Issuance failed for a reason that is not the requester's fault: a pre-sign lint failure
/// (a programmer or configuration error) or a signature that does not verify (a broken key
/// backend). Never thrown for malformed requests or policy refusals.
/// </summary>
public sealed class IssuanceException : Exception
{
    public IssuanceException(string message)
        : base(message)
    {
    }

    public IssuanceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
