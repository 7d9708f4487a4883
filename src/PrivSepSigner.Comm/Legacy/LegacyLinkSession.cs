using System.Security.Cryptography;
using PrivSepSigner.Comm.Screening;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using Serilog;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// One conversation with a legacy CommModule v1 front end (link.protocol "commmodule-v1").
/// Each legacy request is translated into the native request the signer already serves and
/// goes through the same screen and spooler as a native frame; the native answer comes back
/// through <see cref="LegacyAnswerChannel"/> and leaves as a legacy answer frame. The legacy
/// protocol is one request at a time, so this session is strictly sequential: it answers a
/// request before it reads the next one. Bad bytes cost a frame, never the session; only the
/// end of the stream or shutdown ends it.
/// </summary>
internal sealed class LegacyLinkSession
{
    // The pump answers "unavailable" after limits.answerTimeoutSeconds; this is only a backstop.
    private static readonly TimeSpan AnswerSlack = TimeSpan.FromSeconds(15);

    // A new full CRL of a large CA takes seconds to make; the front end waits for its answer meanwhile.
    private static readonly TimeSpan CrlWait = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CrlRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly InstallationConfig config;
    private readonly RequestScreen screen;
    private readonly RequestSpooler spooler;
    private readonly ILogger log;
    private readonly LegacyFramer framer;
    private readonly LegacyTranslator translator;
    private readonly LegacyAnswerChannel answers = new();

    // The front end's clock minus ours, from its last keepalive: legacy sign and revoke requests
    // carry no time, so their FrontEndTimeUnixMs is our clock corrected by this offset.
    private TimeSpan frontEndOffset = TimeSpan.Zero;

    public LegacyLinkSession(Stream stream, InstallationConfig config, RequestScreen screen, RequestSpooler spooler, LegacyReplayWindow replay, ILogger log)
    {
        this.config = config;
        this.screen = screen;
        this.spooler = spooler;
        this.log = log;
        framer = new LegacyFramer(stream);
        translator = new LegacyTranslator(config.Legacy, replay);
    }

    /// <summary>Answers requests until the stream ends or <paramref name="ct"/> fires; <see cref="CommHandler"/> serves it like a native session.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var received = await framer.ReceiveAsync(ct);
            if (received.EndOfStream)
            {
                return;
            }

            if (received.Body is not { } body)
            {
                log.Warning("legacy frame lost: {Reason}", received.Failure);
                continue;
            }

            var answer = await HandleAsync(body, ct);
            var encoded = answer.Encode();
            if (encoded.Length > LegacyWire.MaxAnswerBody)
            {
                // Only a CRL can outgrow what a 3-byte length says; the front end gets an error, not a broken link.
                encoded = LegacyAnswer.Error(answer.Action, ErrorCode.Internal, $"answer of {encoded.Length} bytes exceeds the legacy frame limit {LegacyWire.MaxAnswerBody}").Encode();
            }

            if (answer.IsError)
            {
                // The front end shows nobody field 3; the operator reads the reason here.
                log.Warning("legacy request (action {Action}) answered with an error: {Code} {Message}",
                    answer.Action, System.Text.Encoding.ASCII.GetString(answer.Data3), System.Text.Encoding.UTF8.GetString(answer.Data2));
            }

            if (!await framer.SendAsync(encoded, ct))
            {
                log.Warning("legacy answer (action {Action}) was not taken by the front end", answer.Action);
            }
        }
    }

    private async Task<LegacyAnswer> HandleAsync(byte[] body, CancellationToken ct)
    {
        var action = LegacyRequest.PeekAction(body);
        try
        {
            var request = LegacyRequest.Parse(body);
            action = request.Action;
            var native = translator.Translate(request, body, FrontEndNow());
            if (request.Action == LegacyRequest.ActionKeepalive)
            {
                frontEndOffset = LegacyTranslator.KeepaliveTime(request) - DateTimeOffset.UtcNow;
            }

            log.Information("legacy request action {Action} system {System} translated to {Type} {RequestId}", request.Action, request.System, native.Type, native.RequestId);
            if (native.Type == MessageType.IssueCrlRequest)
            {
                // RefreshCRLs: a revoke without a certificate asks for the current CRL only.
                return await CurrentCrlAsync(action, native, "the current CRL could not be made", ct);
            }

            var first = await SubmitAsync(native, ct);
            if (first.Type == MessageType.RevokeResponse)
            {
                return await CurrentCrlAsync(action, LegacyTranslator.FreshCrl(native.Root!, FrontEndNow()), "revoked, but the current CRL could not be fetched", ct);
            }

            return LegacyAnswer.FromNative(action, first);
        }
        catch (ProtocolException e)
        {
            log.Information("legacy request (action {Action}) refused at the link: {Code} {Message}", action, e.Code, e.Message);
            return LegacyAnswer.Error(action, e.Code, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Hostile input must cost one error answer, never the session: any other failure
            // while translating or decoding is reported as Internal without echoing the input.
            log.Warning(e, "legacy request (action {Action}) failed", action);
            return LegacyAnswer.Error(action, ErrorCode.Internal, "the request could not be processed");
        }
    }

    /// <summary>
    /// A revocation is answered with a full CRL that lists it (the legacy signer re-signed its CRL
    /// on every revocation), asked for by a second native request, an IssueCrlRequest. The signer
    /// answers RetryLater while it makes that CRL; this session waits for it, as the front end waits
    /// for its answer. The CRL goes as PEM, or as DER when PEM would not fit a legacy frame.
    /// A RefreshCRLs request (a revoke without a certificate) takes the same path.
    /// </summary>
    private async Task<LegacyAnswer> CurrentCrlAsync(byte action, NativeRequest crl, string failure, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + CrlWait;
        var answer = await SubmitAsync(crl, ct);
        while (IsRetryLater(answer) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(CrlRetryDelay, ct);
            answer = await SubmitAsync(crl, ct);
        }

        if (answer.Type == MessageType.CrlResponse)
        {
            var der = MessageCodec.Deserialize<CrlResponse>(answer.Body).Crl;
            var pem = PemEncoding.WriteString("X509 CRL", der) + "\n";
            return LegacyAnswer.Ok(action, pem.Length + (LegacyWire.HeaderLength + (4 * LegacyWire.LengthBytes)) <= LegacyWire.MaxAnswerBody ? System.Text.Encoding.ASCII.GetBytes(pem) : der);
        }

        var error = LegacyAnswer.AsError(answer);
        return LegacyAnswer.Error(action, error.Code, $"{failure}: {error.Message}");
    }

    private static bool IsRetryLater(NativeAnswer answer) =>
        answer.Type == MessageType.ErrorResponse && MessageCodec.Deserialize<ErrorResponse>(answer.Body).Code == ErrorCode.RetryLater;

    /// <summary>Screens and spools one native request exactly as a native frame is, then waits for its answer.</summary>
    private async Task<NativeAnswer> SubmitAsync(NativeRequest request, CancellationToken ct)
    {
        var screened = screen.Screen(new Frame(request.Type, request.Body));
        if (screened.Error is { } refused)
        {
            return new NativeAnswer(MessageType.ErrorResponse, MessageCodec.Serialize(refused));
        }

        var pending = answers.Expect(screened.RequestId);
        if (await spooler.SubmitAsync(screened.RequestId, screened.Type, screened.CanonicalBody!, answers) is { } error)
        {
            answers.Forget(screened.RequestId);
            return new NativeAnswer(MessageType.ErrorResponse, MessageCodec.Serialize(error));
        }

        try
        {
            return await pending.WaitAsync(TimeSpan.FromSeconds(config.Limits.AnswerTimeoutSeconds) + AnswerSlack, ct);
        }
        catch (TimeoutException)
        {
            answers.Forget(screened.RequestId);
            return new NativeAnswer(MessageType.ErrorResponse, MessageCodec.Serialize(new ErrorResponse
            {
                RequestId = screened.RequestId,
                Code = ErrorCode.Unavailable,
                Message = "the signer did not answer in time",
            }));
        }
    }

    private long FrontEndNow() => (DateTimeOffset.UtcNow + frontEndOffset).ToUnixTimeMilliseconds();
}
