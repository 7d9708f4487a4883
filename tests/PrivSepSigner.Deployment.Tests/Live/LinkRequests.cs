using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// One signing request as a front end sends it: a fixed request id and CSR, resent with the
/// SAME id after every silence or "retry later" until an answer comes (docs/protocol.md: a
/// resent id gets the stored answer), and the outcome recorded for the test to judge.
/// </summary>
internal sealed class LinkRequests(LinkClient link, string root)
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(4);

    public async Task<LiveAnswer> SignAsync(string requestId, byte[] csr, TimeSpan deadline)
    {
        var body = MessageCodec.Serialize(new SignX509Request
        {
            RequestId = requestId,
            FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Root = root,
            Profile = "server",
            Csr = csr,
        });
        var sent = Stopwatch.GetTimestamp();
        var attempts = 0;
        string? lastError = null;
        while (Stopwatch.GetElapsedTime(sent) < deadline)
        {
            attempts++;
            Frame frame;
            try
            {
                frame = await link.RequestAsync(MessageType.SignX509Request, body, requestId, Silence);
            }
            catch (TimeoutException)
            {
                lastError = "no answer (resent)";
                continue;
            }

            if (frame.Type == MessageType.ErrorResponse)
            {
                var error = MessageCodec.Deserialize<ErrorResponse>(frame.Body);
                lastError = $"{error.Code}: {error.Message}";
                if (error.Code is ErrorCode.RetryLater or ErrorCode.Unavailable)
                {
                    await Task.Delay(500);
                    continue;
                }

                return new LiveAnswer(requestId, attempts, lastError, null, null, null);
            }

            var answer = MessageCodec.Deserialize<SignX509Response>(frame.Body);
            using var cert = X509CertificateLoader.LoadCertificate(answer.Certificate);
            var aki = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } k
                ? Convert.ToHexStringLower(k.Span) : "";
            return new LiveAnswer(requestId, attempts, null, answer.SerialHex, aki, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(answer.Certificate)));
        }

        return new LiveAnswer(requestId, attempts, lastError ?? "deadline", null, null, null);
    }

    public static byte[] NewCsr(string requestId) => TestCsrs.DotNetP256($"{requestId}.live.example.test");
}
