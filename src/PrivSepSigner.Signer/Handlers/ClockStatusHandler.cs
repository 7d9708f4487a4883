using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>Answers ClockStatusRequest: this request's offset (observed like any other), the thresholds, the state and the hourly history.</summary>
internal sealed class ClockStatusHandler(ClockGuard clock) : IRequestHandler
{
    public MessageType RequestType => MessageType.ClockStatusRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch) => Handle(body, batch, batch.Now);

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received)
    {
        var request = MessageCodec.Deserialize<ClockStatusRequest>(body);
        MessageValidator.Validate(request);
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
