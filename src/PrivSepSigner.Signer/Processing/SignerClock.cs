namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// The signer's notion of "now": its own clock, never the front end's, and never earlier
/// than a time it has already used (a clock stepped backwards must not produce
/// certificates that appear to predate earlier ones).
/// </summary>
internal sealed class SignerClock
{
    private DateTimeOffset last;

    public SignerClock(DateTimeOffset lastUsed) => last = lastUsed;

    public DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        if (now < last)
        {
            now = last;
        }

        last = now;
        return now;
    }
}
