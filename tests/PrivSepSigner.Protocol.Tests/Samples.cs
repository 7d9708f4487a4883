using PrivSepSigner.Protocol;

namespace PrivSepSigner.Protocol.Tests;

/// <summary>One valid instance of every message type, shared by the table-driven tests.</summary>
internal static class Samples
{
    public const long Now = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public static TheoryData<MessageType> AllTypes() => new()
    {
        MessageType.SignX509Request,
        MessageType.CaCertRequest,
        MessageType.StatusRequest,
        MessageType.SignX509Response,
        MessageType.CaCertResponse,
        MessageType.StatusResponse,
        MessageType.ErrorResponse,
    };

    public static byte[] Csr { get; } = [0x30, 0x82, 0x01, 0x0A, 0x02, 0x01, 0x00, 0xFF, 0x00];

    public static object Message(MessageType type, string id = "req-1") => type switch
    {
        MessageType.SignX509Request => new SignX509Request { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "tls-server", Csr = Csr },
        MessageType.CaCertRequest => new CaCertRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a" },
        MessageType.StatusRequest => new StatusRequest { RequestId = id, FrontEndTimeUnixMs = Now },
        MessageType.SignX509Response => new SignX509Response { RequestId = id, Certificate = [0x30, 0x03, 0x02, 0x01, 0x01], SerialHex = "1f2e3d", Root = "root-a", Profile = "tls-server" },
        MessageType.CaCertResponse => new CaCertResponse { RequestId = id, Root = "root-a", Certificate = [0x30, 0x00] },
        MessageType.StatusResponse => new StatusResponse
        {
            RequestId = id,
            ProtocolVersion = 1,
            SignerTimeUnixMs = Now + 5,
            ClockOffsetMs = 5,
            SpoolDepth = 2,
            LastError = null,
            Roots = [new RootStatus { Name = "root-a", KeyAlgorithm = "ecdsa-p256", CertificateSha256 = new string('a', 64), Profiles = ["tls-server", "tls-client"], NotAfterUnixMs = Now * 2 }],
            IssuedTotal = 42,
            StartedUnixMs = Now - 1000,
        },
        MessageType.ErrorResponse => new ErrorResponse { RequestId = id, Code = ErrorCode.RetryLater, Message = "spool full" },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static byte[] Serialize(object message) => message switch
    {
        SignX509Request m => MessageCodec.Serialize(m),
        CaCertRequest m => MessageCodec.Serialize(m),
        StatusRequest m => MessageCodec.Serialize(m),
        SignX509Response m => MessageCodec.Serialize(m),
        CaCertResponse m => MessageCodec.Serialize(m),
        StatusResponse m => MessageCodec.Serialize(m),
        ErrorResponse m => MessageCodec.Serialize(m),
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };

    public static object Deserialize(MessageType type, ReadOnlyMemory<byte> body) => type switch
    {
        MessageType.SignX509Request => MessageCodec.Deserialize<SignX509Request>(body),
        MessageType.CaCertRequest => MessageCodec.Deserialize<CaCertRequest>(body),
        MessageType.StatusRequest => MessageCodec.Deserialize<StatusRequest>(body),
        MessageType.SignX509Response => MessageCodec.Deserialize<SignX509Response>(body),
        MessageType.CaCertResponse => MessageCodec.Deserialize<CaCertResponse>(body),
        MessageType.StatusResponse => MessageCodec.Deserialize<StatusResponse>(body),
        MessageType.ErrorResponse => MessageCodec.Deserialize<ErrorResponse>(body),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static byte[] Body(MessageType type, string id = "req-1") => Serialize(Message(type, id));
}
