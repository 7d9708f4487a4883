using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers ClockStatusRequest: this request's offset (observed like any other), the thresholds, the state and the hourly history.</summary>
internal sealed class ClockStatusHandler(ClockGuard clock) : RequestHandler<ClockStatusRequest>
{
    public override MessageType RequestType => MessageType.ClockStatusRequest;

    protected override Answer Handle(ClockStatusRequest request, Batch batch, DateTimeOffset received)
    {
        var offset = clock.Observe(request.FrontEndTimeUnixMs, received);
        var (state, warnMs, limitMs, history) = clock.Report();
        return new Answer(MessageType.ClockStatusResponse, MessageCodec.Serialize(new ClockStatusResponse
        {
            RequestId = request.RequestId,
            OffsetMs = offset,
            WarnOffsetMs = warnMs,
            MaxOffsetMs = limitMs,
            State = state,
            History = history,
        }));
    }
}
