namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// Raised once when the token becomes unavailable and once when it is back, so the signer
/// logs one alarm per outage instead of one per request. <see cref="Reason"/> names the
/// PKCS#11 return code or the failing step; it never holds a PIN.
/// </summary>
public sealed class TokenAvailabilityChangedEventArgs : EventArgs
{
    public TokenAvailabilityChangedEventArgs(bool isAvailable, string reason)
    {
        IsAvailable = isAvailable;
        Reason = reason;
    }

    public bool IsAvailable { get; }

    public string Reason { get; }
}
