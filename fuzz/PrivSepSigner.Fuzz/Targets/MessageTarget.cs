using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Fuzz.Targets;

/// <summary>
/// Message bodies as both daemons see them: input[0] picks the request type, the rest is the
/// MessagePack body. Decode, validate (MessageValidator), then re-serialize as the comm handler's
/// screen does; the re-serialized body must decode to the same bytes again. Only
/// <see cref="ProtocolException"/> is expected.
/// </summary>
internal static class MessageTarget
{
    private static readonly Func<byte[], byte[]>[] Requests =
    [
        b => Check<SignX509Request>(b, MessageValidator.Validate),
        b => Check<CaCertRequest>(b, MessageValidator.Validate),
        b => Check<StatusRequest>(b, MessageValidator.Validate),
        b => Check<RevokeRequest>(b, MessageValidator.Validate),
        b => Check<CrlRequest>(b, MessageValidator.Validate),
        b => Check<PgpSignRequest>(b, MessageValidator.Validate),
        b => Check<PgpCaKeyRequest>(b, MessageValidator.Validate),
        b => Check<KeepaliveRequest>(b, MessageValidator.Validate),
        b => Check<SignSpkacRequest>(b, MessageValidator.Validate),
    ];

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var body = input[1..];

        // Documented never to throw: it builds the request id of an error answer.
        _ = MessageCodec.PeekRequestId(body);
        try
        {
            _ = Requests[input[0] % Requests.Length](body);
        }
        catch (ProtocolException)
        {
        }
    }

    private static byte[] Check<T>(byte[] body, Action<T> validate)
        where T : class
    {
        var request = MessageCodec.Deserialize<T>(body);
        validate(request);
        var canonical = MessageCodec.Serialize(request);
        var again = MessageCodec.Deserialize<T>(canonical);
        validate(again);
        if (!MessageCodec.Serialize(again).AsSpan().SequenceEqual(canonical))
        {
            throw new InvalidOperationException($"a valid {typeof(T).Name} does not re-serialize to the same bytes");
        }

        return canonical;
    }
}
