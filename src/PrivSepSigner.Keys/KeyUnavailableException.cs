namespace PrivSepSigner.Keys;

/// <summary>
/// The key exists but cannot sign right now (HSM restarted, token removed, module not
/// initialised) and a transparent re-open did not help. The signer answers such a request
/// "unavailable, retry later" instead of failing it, and raises one alarm per outage.
/// The message names the backend and the PKCS#11 return code, never a PIN.
/// </summary>
public sealed class KeyUnavailableException : Exception
{
    public KeyUnavailableException()
        : base("signing key unavailable")
    {
    }

    public KeyUnavailableException(string message)
        : base(message)
    {
    }

    public KeyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
