namespace PrivSepSigner.Signer.Processing;

/// <summary>Live figures the status handler reports; written by the spool loop only.</summary>
internal sealed class SignerStatus
{
    private readonly Lock gate = new();
    private string? lastError;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public int SpoolDepth { get; set; }

    public string? LastError
    {
        get
        {
            lock (gate)
            {
                return lastError;
            }
        }

        set
        {
            lock (gate)
            {
                lastError = value;
            }
        }
    }
}
