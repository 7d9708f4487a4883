using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// Legacy requests carry no id, so their ids come from their content; but the same content is
/// also a renewal (CAcert copies the old CSR into a new row) or a resubmitted OpenPGP key, which
/// must get a new certificate. Replay protection therefore holds only for a bounded window
/// (<c>legacy.replayWindowSeconds</c>, docs/protocol.md 11.4): the id is the content digest and
/// the window bucket of the content's FIRST sighting, remembered here, so a resend seconds later
/// keeps the first request's id even when it crosses a bucket boundary, and the same content
/// after the window (counted from the first sighting) gets a new id. Forgotten content (comm
/// restart, more than <see cref="MaxRemembered"/> distinct requests in one window) falls back
/// to the bucket of the time it is seen again: still one id per bucket, never more than one
/// certificate per content and bucket. Shared by every legacy session of one comm handler.
/// </summary>
internal sealed class LegacyReplayWindow
{
    /// <summary>Distinct contents remembered at once (about 150 bytes each); the oldest is forgotten first.</summary>
    public const int MaxRemembered = 65536;

    private readonly TimeSpan window;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string RequestId, long Timestamp)> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public LegacyReplayWindow(TimeSpan window, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        this.window = window;
        this.clock = clock;
    }

    /// <summary>
    /// The request id for content with <paramref name="contentDigest"/> received now: the id of
    /// its first sighting while that is less than the window ago, else a new one. "legacy-" + 48
    /// hex digits fits docs/protocol.md 6.1's 64 characters.
    /// </summary>
    public string RequestId(string contentDigest)
    {
        // Age is measured on the monotonic clock, so a step of the wall clock neither stretches nor cuts the window.
        var now = clock.GetTimestamp();
        lock (gate)
        {
            Expire(now);
            if (seen.TryGetValue(contentDigest, out var first))
            {
                return first.RequestId;
            }

            var bucket = clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds;
            var id = IdOf(contentDigest, bucket);
            if (seen.Count == MaxRemembered)
            {
                seen.Remove(order.Dequeue());
            }

            seen[contentDigest] = (id, now);
            order.Enqueue(contentDigest);
            return id;
        }
    }

    private void Expire(long now)
    {
        // Insertion order is first-sighting order, so expired entries are at the front.
        while (order.TryPeek(out var oldest) && clock.GetElapsedTime(seen[oldest].Timestamp, now) >= window)
        {
            seen.Remove(order.Dequeue());
        }
    }

    private static string IdOf(string contentDigest, long bucket)
    {
        Span<byte> input = stackalloc byte[8 + (contentDigest.Length * 2)];
        BinaryPrimitives.WriteInt64BigEndian(input, bucket);
        var n = System.Text.Encoding.UTF8.GetBytes(contentDigest, input[8..]);
        return "legacy-" + Convert.ToHexStringLower(SHA256.HashData(input[..(8 + n)]))[..48];
    }
}
