using System.Globalization;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Many requests over one real link, pipelined (the front end a CA's registration authority
/// would be): enough certificates and revocations for a CRL of real size in seconds.
/// </summary>
public static class BulkLink
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Issues <paramref name="count"/> server certificates under one key; returns their serials.</summary>
    public static async Task<IReadOnlyList<string>> IssueAsync(LinkClient link, string root, int count, string idPrefix, int window = 64)
    {
        var csr = TestCsrs.DotNetP256("bulk.example.test");
        return await RunAsync(count, window, async i =>
        {
            var id = $"{idPrefix}-{i}";
            var frame = await link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request
            {
                RequestId = id,
                FrontEndTimeUnixMs = Now(),
                Root = root,
                Profile = "server",
                Csr = csr,
            }), id, Timeout);
            return Expect<SignX509Response>(frame, MessageType.SignX509Response).SerialHex;
        });
    }

    /// <summary>Revokes every serial with one RevokeRequest each.</summary>
    public static async Task RevokeAsync(LinkClient link, string root, IReadOnlyList<string> serials, string idPrefix, int reason = 1, int window = 64)
    {
        await RunAsync(serials.Count, window, async i =>
        {
            var id = $"{idPrefix}-{i}";
            var frame = await link.RequestAsync(MessageType.RevokeRequest, MessageCodec.Serialize(new RevokeRequest
            {
                RequestId = id,
                FrontEndTimeUnixMs = Now(),
                Root = root,
                SerialHex = serials[i],
                Reason = reason,
            }), id, Timeout);
            return Expect<RevokeResponse>(frame, MessageType.RevokeResponse).SerialHex;
        });
    }

    public static T Expect<T>(Frame frame, MessageType type)
        where T : class
    {
        if (frame.Type == MessageType.ErrorResponse)
        {
            var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
            Assert.Fail($"expected {type}, got {error.Code}: {error.Message}");
        }

        Assert.Equal(type, frame.Type);
        return MessageCodec.Deserialize<T>(frame.Body);
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static string Id(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<IReadOnlyList<string>> RunAsync(int count, int window, Func<int, Task<string>> one)
    {
        var results = new string[count];
        using var gate = new SemaphoreSlim(window);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                results[i] = await one(i);
            }
            finally
            {
                gate.Release();
            }
        }));
        return results;
    }

    public static string Decimal(long n) => n.ToString(CultureInfo.InvariantCulture);
}
