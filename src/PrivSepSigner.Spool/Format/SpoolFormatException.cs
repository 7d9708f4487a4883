namespace PrivSepSigner.Spool.Format;

/// <summary>The one exception for a malformed spool entry, whatever is wrong with it.</summary>
public sealed class SpoolFormatException : Exception
{
    public SpoolFormatException()
        : base("malformed spool entry")
    {
    }

    public SpoolFormatException(string message)
        : base(message)
    {
    }

    public SpoolFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
