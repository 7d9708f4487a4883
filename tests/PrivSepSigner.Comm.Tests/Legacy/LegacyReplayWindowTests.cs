using System.Text.RegularExpressions;
using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.Comm.Tests.Support;

namespace PrivSepSigner.Comm.Tests.Legacy;

/// <summary>
/// Legacy request ids name a request only within the replay window, counted from the content's
/// first sighting: a resend keeps its id (even across a window bucket boundary), a renewal with
/// the same CSR after the window gets a new one (docs/protocol.md 11.4).
/// </summary>
public sealed class LegacyReplayWindowTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(300);

    // Midnight UTC is a multiple of 86400 s since the epoch, so a 300 s bucket starts here.
    private static readonly DateTimeOffset BucketStart = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_resend_within_the_window_keeps_the_id_and_fits_the_native_rule()
    {
        var clock = new ManualClock(BucketStart.AddSeconds(10));
        var window = new LegacyReplayWindow(Window, clock);
        var first = window.RequestId(Digest("csr"));
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(first, window.RequestId(Digest("csr")));
        Assert.Matches(new Regex("^legacy-[0-9a-f]{48}$"), first);
        Assert.NotEqual(first, window.RequestId(Digest("other csr")));
    }

    [Fact]
    public void A_resend_that_crosses_a_bucket_boundary_keeps_the_first_requests_id()
    {
        var clock = new ManualClock(BucketStart.AddSeconds(-1));
        var window = new LegacyReplayWindow(Window, clock);
        var first = window.RequestId(Digest("csr"));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(first, window.RequestId(Digest("csr")));
    }

    [Fact]
    public void The_same_content_after_the_window_is_a_new_request_and_then_resends_keep_the_new_id()
    {
        var clock = new ManualClock(BucketStart.AddSeconds(10));
        var window = new LegacyReplayWindow(Window, clock);
        var first = window.RequestId(Digest("csr"));
        clock.Advance(Window);
        var renewal = window.RequestId(Digest("csr"));
        Assert.NotEqual(first, renewal);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(renewal, window.RequestId(Digest("csr")));
    }

    [Fact]
    public void Forgotten_content_falls_back_to_the_bucket_of_its_time()
    {
        var clock = new ManualClock(BucketStart.AddSeconds(10));
        var first = new LegacyReplayWindow(Window, clock).RequestId(Digest("csr"));

        // A restarted comm handler remembers nothing: within the same bucket the id is the same.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(first, new LegacyReplayWindow(Window, clock).RequestId(Digest("csr")));
    }

    [Fact]
    public void Memory_is_bounded_the_oldest_content_is_forgotten_first()
    {
        var clock = new ManualClock(BucketStart.AddSeconds(-1));
        var window = new LegacyReplayWindow(Window, clock);
        var first = window.RequestId(Digest("csr 0"));
        var recent = "";
        for (var i = 1; i <= LegacyReplayWindow.MaxRemembered; i++)
        {
            recent = window.RequestId(Digest($"csr {i}"));
        }

        // Now in the next bucket: the oldest content was forgotten and gets a new id; the most
        // recent is still remembered and keeps its first id.
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(recent, window.RequestId(Digest($"csr {LegacyReplayWindow.MaxRemembered}")));
        Assert.NotEqual(first, window.RequestId(Digest("csr 0")));
    }

    private static string Digest(string content) => LegacyTranslator.ContentDigest(System.Text.Encoding.UTF8.GetBytes(content), "root-rsa", "client");
}
