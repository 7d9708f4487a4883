namespace PrivSepSigner.Policy;

/// <summary>The one exception for a malformed certificate request (unparseable, too large, bad signature).</summary>
public sealed class CsrException : Exception
{
    public CsrException(string message)
        : base(message)
    {
    }

    public CsrException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
