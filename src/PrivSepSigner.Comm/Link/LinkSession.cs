using PrivSepSigner.Comm.Screening;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Protocol;
using Serilog;

namespace PrivSepSigner.Comm.Link;

/// <summary>
/// One front-end conversation over one byte stream: read a frame, screen it, spool it or
/// answer with an error. Bad bytes cost one error answer and never end the session; only
/// the end of the stream or shutdown does. Answers are sent by the outbox pump.
/// </summary>
internal sealed class LinkSession
{
    private readonly Stream stream;
    private readonly RequestScreen screen;
    private readonly RequestSpooler spooler;
    private readonly ILogger log;

    public LinkSession(Stream stream, RequestScreen screen, RequestSpooler spooler, ILogger log)
    {
        this.stream = stream;
        this.screen = screen;
        this.spooler = spooler;
        this.log = log;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var reader = new FrameReader(stream);
        var writer = new FrameWriter(stream);
        var answers = new FrameAnswerChannel(writer);
        while (!ct.IsCancellationRequested)
        {
            var read = await reader.ReadAsync(ct);
            if (read.EndOfStream)
            {
                return;
            }

            if (read.Frame is not { } frame)
            {
                log.Warning("frame rejected: {Error}", read.Error);
                await TrySendAsync(writer, new ErrorResponse { RequestId = "", Code = ErrorCode.Malformed, Message = $"frame rejected: {read.Error}" }, ct);
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

    private async Task RefuseAsync(FrameWriter writer, ErrorResponse error, CancellationToken ct)
    {
        log.Information("request {RequestId} refused at the link: {Code} {Message}", error.RequestId, error.Code, error.Message);
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
