using PrivSepSigner.Comm.Screening;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using Serilog;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// One front-end conversation over one byte stream: read a frame, screen it, spool it or
/// answer with an error. Bad bytes never end the session; only the end of the stream or
/// shutdown does. Answers are sent by the outbox pump. Refusals are always answered; framing
/// errors (no request id to answer to) are answered once per interval of <see cref="LinkNoise"/>,
/// so line noise is not echoed back at its own rate (docs/protocol.md 2.3).
/// </summary>
internal sealed class LinkSession
{
    private readonly Stream stream;
    private readonly RequestScreen screen;
    private readonly RequestSpooler spooler;
    private readonly LinkNoise noise;
    private readonly TimeSpan? idleTimeout;
    private readonly ILogger log;

    /// <param name="idleTimeout">Close the connection after this long without a frame either way (unix-socket links); null: never.</param>
    public LinkSession(Stream stream, RequestScreen screen, RequestSpooler spooler, LinkNoise noise, TimeSpan? idleTimeout, ILogger log)
    {
        this.stream = stream;
        this.screen = screen;
        this.spooler = spooler;
        this.noise = noise;
        this.idleTimeout = idleTimeout;
        this.log = log;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var idle = idleTimeout is { } timeout ? new IdleWatch(timeout, ct) : null;
        try
        {
            await ServeAsync(idle, idle?.Token ?? ct);
        }
        catch (OperationCanceledException) when (idle?.Expired == true)
        {
            log.Information("link connection closed: idle for {Seconds} s (link.idleTimeoutSeconds)", idle.Timeout.TotalSeconds);
        }
    }

    private async Task ServeAsync(IdleWatch? idle, CancellationToken ct)
    {
        var reader = new FrameReader(stream);
        var writer = new FrameWriter(stream);
        var answers = new FrameAnswerChannel(writer, idle is null ? null : idle.Touch);
        using var framingAnswers = new NoiseThrottle(1, noise.FramingErrors.Interval, TimeProvider.System, summary: null);
        while (!ct.IsCancellationRequested)
        {
            var read = await reader.ReadAsync(ct);
            if (read.EndOfStream)
            {
                return;
            }

            idle?.Touch();

            if (read.Frame is not { } frame)
            {
                var kind = read.Error.GetValueOrDefault();
                if (noise.FramingErrors.Admit(kind.ToString()))
                {
                    log.Warning("frame rejected: {Error} (more framing errors in the next {Seconds} s are counted, not logged or answered one by one)", kind.ToString(), noise.FramingErrors.Interval.TotalSeconds);
                }

                if (framingAnswers.Admit(kind.ToString()))
                {
                    await TrySendAsync(writer, FramingError(kind), ct);
                }

                continue;
            }

            var screened = screen.Screen(frame);
            if (screened.Error is { } refused)
            {
                await RefuseAsync(writer, refused, ct);
                continue;
            }

            // Not awaited: the next frame is read while this one waits for its group commit.
            _ = SpoolAsync(writer, answers, screened, ct);
        }
    }

    private async Task SpoolAsync(FrameWriter writer, IAnswerChannel answers, ScreenResult screened, CancellationToken ct)
    {
        if (await spooler.SubmitAsync(screened.RequestId, screened.Type, screened.CanonicalBody!, answers) is { } error)
        {
            await RefuseAsync(writer, error, ct);
        }
    }

    /// <summary>docs/protocol.md 4: a frame of another version gets UnsupportedVersion; any other framing error Malformed.</summary>
    private static ErrorResponse FramingError(FrameErrorKind kind) => kind == FrameErrorKind.BadVersion
        ? new ErrorResponse { RequestId = "", Code = ErrorCode.UnsupportedVersion, Message = $"frame rejected: BadVersion; this server speaks protocol version {ProtocolLimits.Version}" }
        : new ErrorResponse { RequestId = "", Code = ErrorCode.Malformed, Message = $"frame rejected: {kind}" };

    private async Task RefuseAsync(FrameWriter writer, ErrorResponse error, CancellationToken ct)
    {
        if (noise.Refusals.Admit(error.Code.ToString()))
        {
            log.Information("request {RequestId} refused at the link: {Code} {Message}", error.RequestId, error.Code, error.Message);
        }

        await TrySendAsync(writer, error, ct);
    }

    private async Task TrySendAsync(FrameWriter writer, ErrorResponse error, CancellationToken ct)
    {
        try
        {
            await writer.WriteAsync(MessageType.ErrorResponse, MessageCodec.Serialize(error), ct);
        }
        catch (IOException e)
        {
            log.Information("could not send error answer: {Error}", e.Message);
        }
    }
}
