using System.Globalization;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// A legacy CommModule v1 front end, written from the protocol description (docs/protocol.md
/// "Legacy mode") and not from the comm handler's code: 0x02 → 0x10, then a 3-byte big-endian
/// length, the body, one XOR byte over length and body, "rie4Ech7", answered 0x10 or 0x11.
/// Faults can be injected so tests can show what the comm handler does with them. The front
/// end's own waits are bounded too, so a test fails instead of hanging.
/// </summary>
public sealed class LegacyClient : IAsyncDisposable
{
    public const byte Start = 0x02;
    public const byte Ack = 0x10;
    public const byte Resend = 0x11;
    public const byte GiveUp = 0x18;

    /// <summary>Largest answer this client accepts; the comm handler sends at most 64 KiB.</summary>
    private const int MaxAnswer = (1 << 24) - 1; // what a 3-byte length can say: client.pl takes any answer
    private const int MaxResends = 5;

    private static readonly byte[] Trailer = "rie4Ech7"u8.ToArray();
    private readonly Stream stream;

    public LegacyClient(Stream stream) => this.stream = stream;

    /// <summary>0x11 answers this client received for its frames, in total.</summary>
    public int ResendsSeen { get; private set; }

    /// <summary>Opens the link (a pty slave) raw, and drops anything an earlier test left in it.</summary>
    public static async Task<LegacyClient> OpenAsync(string link)
    {
        var client = new LegacyClient(LinkStream.OpenClient(link));
        await client.DiscardInputAsync(TimeSpan.FromMilliseconds(300));
        return client;
    }

    /// <summary>One request on a freshly opened link, closed at once, so no test holds the line through a wait.</summary>
    public static async Task<LegacyReply> RequestOnceAsync(string link, byte[] body)
    {
        await using var client = await OpenAsync(link);
        return await client.RequestAsync(body);
    }

    /// <summary>The front end's clock as the keepalive carries it: UTC, date(1) form MMDDhhmmYYYY.ss.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("MMddHHmmyyyy'.'ss", CultureInfo.InvariantCulture);

    /// <summary>The 9-byte request header: version 1, action, system, root, profile, digest, days (BE), key type.</summary>
    public static byte[] Header(byte action, byte system = 0, byte root = 0, byte profile = 0, byte digest = 0, ushort days = 0, byte keyType = 0) =>
        [1, action, system, root, profile, digest, (byte)(days >> 8), (byte)days, keyType];

    /// <summary>A body: four fields, each a 3-byte big-endian length and its bytes.</summary>
    public static byte[] Body(byte[] header, byte[] data1, byte[] data2, byte[] data3)
    {
        var body = new List<byte>();
        foreach (var field in new[] { header, data1, data2, data3 })
        {
            body.AddRange(Length(field.Length));
            body.AddRange(field);
        }

        return [.. body];
    }

    /// <summary>The bytes after the handshake: length, body, XOR of length and body, trailer.</summary>
    public static byte[] Frame(byte[] body)
    {
        byte[] block = [.. Length(body.Length), .. body];
        byte xor = 0;
        foreach (var b in block)
        {
            xor ^= b;
        }

        return [.. block, xor, .. Trailer];
    }

    /// <summary>Sends a request and receives its answer.</summary>
    public async Task<LegacyReply> RequestAsync(byte[] body, bool corruptFirstChecksum = false)
    {
        await SendAsync(body, corruptFirstChecksum);
        return await ReceiveAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Handshake, then the frame until it is acknowledged; a 0x11 costs one resend (bounded).</summary>
    public async Task SendAsync(byte[] body, bool corruptFirstChecksum = false)
    {
        await HandshakeAsync();
        var frame = Frame(body);
        for (var attempt = 0; ; attempt++)
        {
            var wire = (byte[])frame.Clone();
            if (corruptFirstChecksum && attempt == 0)
            {
                wire[^(Trailer.Length + 1)] ^= 0x5A;
            }

            await WriteAsync(wire);
            var reply = await ReadByteAsync(TimeSpan.FromSeconds(10));
            if (reply == Ack)
            {
                return;
            }

            if (reply != Resend || attempt == MaxResends)
            {
                throw new IOException($"frame answered with {reply} after {attempt} resends");
            }

            ResendsSeen++;
        }
    }

    /// <summary>0x02, then the comm handler's 0x10 within 20 s (the legacy client.pl's wait).</summary>
    public async Task HandshakeAsync()
    {
        await WriteAsync([Start]);
        var shake = await ReadByteAsync(TimeSpan.FromSeconds(20));
        if (shake != Ack)
        {
            throw new IOException($"handshake answered with {shake}");
        }
    }

    /// <summary>Waits for the comm handler's 0x02, acknowledges it, reads and checks the answer frame.</summary>
    public async Task<LegacyReply> ReceiveAsync(TimeSpan wait)
    {
        var start = await ReadByteAsync(wait);
        if (start != Start)
        {
            throw new IOException($"expected 0x02 before an answer, got {start}");
        }

        await WriteAsync([Ack]);
        for (var attempt = 0; ; attempt++)
        {
            var length = await ReadExactAsync(3);
            var size = (length[0] << 16) | (length[1] << 8) | length[2];
            if (size > MaxAnswer)
            {
                throw new IOException($"answer length {size} is beyond this client's limit");
            }

            var rest = await ReadExactAsync(size + 1 + Trailer.Length);
            var body = rest[..size];
            if (rest[size] == Frame(body)[3 + size] && rest.AsSpan(size + 1).SequenceEqual(Trailer))
            {
                await WriteAsync([Ack]);
                return LegacyReply.Parse(body);
            }

            if (attempt == MaxResends)
            {
                throw new IOException("answer damaged on every attempt");
            }

            await WriteAsync([Resend]);
        }
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    /// <summary>One byte; -1 at the end of the stream; <see cref="TimeoutException"/> when none comes in time.</summary>
    public async Task<int> ReadByteAsync(TimeSpan timeout)
    {
        var one = await ReadExactAsync(1, timeout);
        return one.Length == 0 ? -1 : one[0];
    }

    /// <summary>Reads and drops input until the line has been quiet for <paramref name="quiet"/> (at most 10 s).</summary>
    public async Task DiscardInputAsync(TimeSpan quiet)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        var sink = new byte[4096];
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var cts = new CancellationTokenSource(quiet);
            try
            {
                if (await stream.ReadAsync(sink, cts.Token) == 0)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private static byte[] Length(int n) => [(byte)(n >> 16), (byte)(n >> 8), (byte)n];

    private Task<byte[]> ReadExactAsync(int count) => ReadExactAsync(count, TimeSpan.FromSeconds(10));

    private async Task<byte[]> ReadExactAsync(int count, TimeSpan timeout)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(timeout);
        var at = 0;
        try
        {
            while (at < count)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(at), cts.Token);
                if (n == 0)
                {
                    return buffer[..at];
                }

                at += n;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the comm handler sent {at} of {count} expected bytes within {timeout.TotalSeconds} s");
        }

        return buffer;
    }
}
