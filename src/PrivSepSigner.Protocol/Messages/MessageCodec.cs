using MessagePack;
using MessagePack.Resolvers;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Serializes message bodies. Every message is a MessagePack array (integer keys) whose
/// element count must match the type exactly; input is read with the untrusted-data
/// security settings and every failure becomes <see cref="ProtocolException"/> (Malformed).
/// </summary>
public static class MessageCodec
{
    // Deepest legitimate nesting: StatusResponse > RootStatus[] > RootStatus > string[] = 4.
    private const int MaxObjectGraphDepth = 16;

    /// <summary>
    /// The only serializer options used anywhere: standard resolver (no typeless or dynamic
    /// contract-less types), <see cref="MessagePackSecurity.UntrustedData"/> with a small depth
    /// limit, and no LZ4, so a body can never inflate beyond its frame.
    /// </summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData.WithMaximumObjectGraphDepth(MaxObjectGraphDepth))
        .WithCompression(MessagePackCompression.None);

    /// <summary>Serializes a message to its MessagePack body.</summary>
    /// <exception cref="ArgumentException">A required field of <paramref name="message"/> is null.</exception>
    public static byte[] Serialize<T>(T message)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        RequireMessageType<T>();
        string? missing = ((IWireMessage)message).FindMissingField();
        if (missing is not null)
        {
            throw new ArgumentException($"{typeof(T).Name}.{missing} is null.", nameof(message));
        }

        return MessagePackSerializer.Serialize(message, Options);
    }

    /// <summary>Deserializes a body; any defect throws <see cref="ProtocolException"/> with <see cref="ErrorCode.Malformed"/>.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> body)
        where T : class
    {
        RequireMessageType<T>();
        string name = typeof(T).Name;
        T? value;
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw Malformed($"body: {name} must be a MessagePack array");
            }

            if (!DepthScanner.IsWithinDepth(body, MaxObjectGraphDepth))
            {
                throw Malformed($"body: {name} nests deeper than {MaxObjectGraphDepth}");
            }

            int count = reader.ReadArrayHeader();
            if (count != WireShape<T>.FieldCount)
            {
                throw Malformed($"body: {name} must have {WireShape<T>.FieldCount} elements, not {count}");
            }

            value = MessagePackSerializer.Deserialize<T>(body, Options, out int bytesRead);
            if (bytesRead != body.Length)
            {
                throw Malformed($"body: {body.Length - bytesRead} trailing bytes after {name}");
            }
        }
        catch (ProtocolException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The parser's own message stays in InnerException for the local log; the peer
            // only learns which message type failed to parse.
            throw new ProtocolException(ErrorCode.Malformed, $"body: not a valid {name}", ex);
        }

        if (value is null)
        {
            throw Malformed($"body: {name} is nil");
        }

        string? missing = ((IWireMessage)value).FindMissingField();
        if (missing is not null)
        {
            throw Malformed($"{missing}: must not be nil");
        }

        return value;
    }

    /// <summary>
    /// Reads only element [0] of the top-level array. Returns it when it is a syntactically
    /// valid request id, otherwise "" — so an error response never reflects arbitrary bytes.
    /// Never throws.
    /// </summary>
    public static string PeekRequestId(ReadOnlyMemory<byte> body)
    {
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() < 1
                || reader.NextMessagePackType != MessagePackType.String)
            {
                return string.Empty;
            }

            string? id = reader.ReadString();
            return MessageValidator.IsValidRequestId(id) ? id : string.Empty;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// The response type for a request type (its <see cref="RequestCatalog"/> row's): request | 0x80, except that an
    /// <see cref="MessageType.IssueCrlRequest"/> is answered by a <see cref="MessageType.CrlResponse"/>
    /// and a <see cref="MessageType.SignX509WithNamesRequest"/> by a <see cref="MessageType.SignX509Response"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="request"/> is itself a response type.</exception>
    public static MessageType ResponseTypeFor(MessageType request)
    {
        if (((byte)request & 0x80) != 0 || request == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request, "Not a request type.");
        }

        // A value with no row yet (reserved for later requests) follows the rule.
        return RequestCatalog.Find(request)?.ResponseType ?? (MessageType)((byte)request | 0x80);
    }

    private static void RequireMessageType<T>()
    {
        if (!typeof(IWireMessage).IsAssignableFrom(typeof(T)))
        {
            throw new ArgumentException($"{typeof(T).Name} is not a protocol message type.", nameof(T));
        }
    }

    private static ProtocolException Malformed(string message) => new(ErrorCode.Malformed, message);
}
