namespace PrivSepSigner.Protocol;

/// <summary>
/// The one exception type for every kind of malformed or invalid input read from the link.
/// The boundary turns it into an <see cref="ErrorResponse"/> with <see cref="Code"/>;
/// programmer misuse throws the usual argument exceptions instead.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception with the code to send back and a message for the peer.</summary>
    public ProtocolException(ErrorCode code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception, keeping the parser's own exception for the local log.</summary>
    public ProtocolException(ErrorCode code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The code to put in the <see cref="ErrorResponse"/>.</summary>
    public ErrorCode Code { get; }
}
