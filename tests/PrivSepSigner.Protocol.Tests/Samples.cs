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
        MessageType.RevokeRequest,
        MessageType.CrlRequest,
        MessageType.PgpSignRequest,
        MessageType.PgpCaKeyRequest,
        MessageType.KeepaliveRequest,
        MessageType.SignSpkacRequest,
        MessageType.RevokeResponse,
        MessageType.CrlResponse,
        MessageType.PgpSignResponse,
        MessageType.PgpCaKeyResponse,
        MessageType.KeepaliveResponse,
        MessageType.SignSpkacResponse,
        MessageType.RevokeBatchRequest,
        MessageType.RevokeBatchResponse,
        MessageType.IssueCrlRequest,
        MessageType.CrlStatusRequest,
        MessageType.CrlStatusResponse,
        MessageType.PublishedCrlAnswer,
        MessageType.AnswerChunk,
        MessageType.ListCertificatesRequest,
        MessageType.ListCertificatesResponse,
        MessageType.ShowCertificateRequest,
        MessageType.ShowCertificateResponse,
        MessageType.RootVersionsRequest,
        MessageType.RootVersionsResponse,
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
            Crls = [new CrlStatus { Root = "root-a", Number = 3, NextUpdateUnixMs = Now + 1000 }],
            PgpFingerprint = null,
        },
        MessageType.ErrorResponse => new ErrorResponse { RequestId = id, Code = ErrorCode.RetryLater, Message = "spool full" },
        MessageType.RevokeRequest => new RevokeRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = "1f2e3d", Reason = 1 },
        MessageType.CrlRequest => new CrlRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", Delta = true, BaseCrlNumber = 7 },
        MessageType.PgpSignRequest => new PgpSignRequest { RequestId = id, FrontEndTimeUnixMs = Now, PublicKey = [0x99, 0x01], UserIds = ["Alice <alice@example.test>"] },
        MessageType.PgpCaKeyRequest => new PgpCaKeyRequest { RequestId = id, FrontEndTimeUnixMs = Now },
        MessageType.KeepaliveRequest => new KeepaliveRequest { RequestId = id, FrontEndTimeUnixMs = Now },
        MessageType.SignSpkacRequest => new SignSpkacRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", Profile = "client", Spkac = Csr, Subject = ["CN=Alice"], Sans = ["email:alice@example.test"] },
        MessageType.RevokeResponse => new RevokeResponse { RequestId = id, Root = "root-a", SerialHex = "1f2e3d", RevokedAtUnixMs = Now, Reason = 1 },
        MessageType.CrlResponse => new CrlResponse { RequestId = id, Root = "root-a", Crl = [0x30, 0x00], CrlNumber = 8, BaseCrlNumber = 7, NextUpdateUnixMs = Now + 1000 },
        MessageType.PgpSignResponse => new PgpSignResponse { RequestId = id, CertifiedKey = [0x2d, 0x2d], Fingerprint = new string('A', 40) },
        MessageType.PgpCaKeyResponse => new PgpCaKeyResponse { RequestId = id, PublicKey = [0x2d, 0x2d], Fingerprint = new string('B', 40) },
        MessageType.KeepaliveResponse => new KeepaliveResponse { RequestId = id, SignerTimeUnixMs = Now + 5, ClockOffsetMs = 5 },
        MessageType.SignSpkacResponse => new SignSpkacResponse { RequestId = id, Certificate = [0x30, 0x03, 0x02, 0x01, 0x01], SerialHex = "1f2e3d", Root = "root-a", Profile = "client" },
        MessageType.RevokeBatchRequest => new RevokeBatchRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", Reason = 1, Serials = ["1f2e3d", "abc"] },
        MessageType.RevokeBatchResponse => new RevokeBatchResponse
        {
            RequestId = id,
            Root = "root-a",
            RevokedAtUnixMs = Now,
            Results = [new SerialRevocation { SerialHex = "1f2e3d", Outcome = RevocationOutcome.Revoked, Reason = 1, RevokedAtUnixMs = Now }, new SerialRevocation { SerialHex = "abc", Outcome = RevocationOutcome.Unknown, Reason = -1, RevokedAtUnixMs = 0 }],
        },
        MessageType.IssueCrlRequest => new IssueCrlRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a" },
        MessageType.CrlStatusRequest => new CrlStatusRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a" },
        MessageType.CrlStatusResponse => new CrlStatusResponse
        {
            RequestId = id,
            Root = "root-a",
            ValidityHours = 168,
            ResignBeforeHours = 48,
            DeltaValidityHours = 24,
            Versions = [new CrlScopeStatus { IssuerCertificateSha256 = new string('c', 64), BaseNumber = 7, BaseThisUpdateUnixMs = Now, BaseNextUpdateUnixMs = Now + 1000, DeltasSinceBase = 2, LatestDeltaNumber = 9, ChangesSinceBase = 3, BaseEntries = 1000 }],
        },
        MessageType.PublishedCrlAnswer => new PublishedCrlAnswer { RequestId = id, Root = "root-a", CrlSha256 = new string('d', 64), CrlLength = 40_000_000, CrlNumber = 8, BaseCrlNumber = 0, NextUpdateUnixMs = Now + 1000 },
        MessageType.AnswerChunk => new AnswerChunk { RequestId = id, ResponseType = 0x85, TotalLength = 70_000, Offset = 65_000, Sha256 = new byte[32], Data = [1, 2, 3] },
        MessageType.ListCertificatesRequest => new ListCertificatesRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", Profile = null, Status = CertificateStatusFilter.Revoked, NotAfterFromUnixMs = Now, NotAfterUntilUnixMs = 0, AfterSerialHex = "1f2e3d", Limit = 100, IncludeCertificates = false },
        MessageType.ListCertificatesResponse => new ListCertificatesResponse { RequestId = id, Certificates = [Summary(null)], NextAfterSerialHex = "1f2e3d" },
        MessageType.ShowCertificateRequest => new ShowCertificateRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", SerialHex = "1f2e3d" },
        MessageType.ShowCertificateResponse => new ShowCertificateResponse { RequestId = id, Certificate = Summary([0x30, 0x03, 0x02, 0x01, 0x01]) },
        MessageType.RootVersionsRequest => new RootVersionsRequest { RequestId = id, FrontEndTimeUnixMs = Now, Root = "root-a", IssuerCertificateSha256 = null },
        MessageType.RootVersionsResponse => new RootVersionsResponse
        {
            RequestId = id,
            Root = "root-a",
            Versions = [new RootVersion { Version = "2", Current = true, KeyAlgorithm = "ecdsa-p256", CertificateSha256 = new string('a', 64), NotBeforeUnixMs = Now, NotAfterUnixMs = Now * 2, Certificate = [0x30, 0x00] }],
            Truncated = false,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static CertificateSummary Summary(byte[]? certificate) => new()
    {
        Root = "root-a",
        SerialHex = "1f2e3d",
        Profile = "tls-server",
        Subject = "CN=www.example.test",
        NotBeforeUnixMs = Now,
        NotAfterUnixMs = Now * 2,
        IssuedAtUnixMs = Now,
        RevokedAtUnixMs = 0,
        RevocationReason = -1,
        IssuerCertificateSha256 = new string('b', 64),
        Certificate = certificate,
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
        RevokeRequest m => MessageCodec.Serialize(m),
        CrlRequest m => MessageCodec.Serialize(m),
        PgpSignRequest m => MessageCodec.Serialize(m),
        PgpCaKeyRequest m => MessageCodec.Serialize(m),
        KeepaliveRequest m => MessageCodec.Serialize(m),
        SignSpkacRequest m => MessageCodec.Serialize(m),
        RevokeResponse m => MessageCodec.Serialize(m),
        CrlResponse m => MessageCodec.Serialize(m),
        PgpSignResponse m => MessageCodec.Serialize(m),
        PgpCaKeyResponse m => MessageCodec.Serialize(m),
        KeepaliveResponse m => MessageCodec.Serialize(m),
        SignSpkacResponse m => MessageCodec.Serialize(m),
        RevokeBatchRequest m => MessageCodec.Serialize(m),
        RevokeBatchResponse m => MessageCodec.Serialize(m),
        IssueCrlRequest m => MessageCodec.Serialize(m),
        CrlStatusRequest m => MessageCodec.Serialize(m),
        CrlStatusResponse m => MessageCodec.Serialize(m),
        PublishedCrlAnswer m => MessageCodec.Serialize(m),
        AnswerChunk m => MessageCodec.Serialize(m),
        ListCertificatesRequest m => MessageCodec.Serialize(m),
        ListCertificatesResponse m => MessageCodec.Serialize(m),
        ShowCertificateRequest m => MessageCodec.Serialize(m),
        ShowCertificateResponse m => MessageCodec.Serialize(m),
        RootVersionsRequest m => MessageCodec.Serialize(m),
        RootVersionsResponse m => MessageCodec.Serialize(m),
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
        MessageType.RevokeRequest => MessageCodec.Deserialize<RevokeRequest>(body),
        MessageType.CrlRequest => MessageCodec.Deserialize<CrlRequest>(body),
        MessageType.PgpSignRequest => MessageCodec.Deserialize<PgpSignRequest>(body),
        MessageType.PgpCaKeyRequest => MessageCodec.Deserialize<PgpCaKeyRequest>(body),
        MessageType.KeepaliveRequest => MessageCodec.Deserialize<KeepaliveRequest>(body),
        MessageType.SignSpkacRequest => MessageCodec.Deserialize<SignSpkacRequest>(body),
        MessageType.RevokeResponse => MessageCodec.Deserialize<RevokeResponse>(body),
        MessageType.CrlResponse => MessageCodec.Deserialize<CrlResponse>(body),
        MessageType.PgpSignResponse => MessageCodec.Deserialize<PgpSignResponse>(body),
        MessageType.PgpCaKeyResponse => MessageCodec.Deserialize<PgpCaKeyResponse>(body),
        MessageType.KeepaliveResponse => MessageCodec.Deserialize<KeepaliveResponse>(body),
        MessageType.SignSpkacResponse => MessageCodec.Deserialize<SignSpkacResponse>(body),
        MessageType.RevokeBatchRequest => MessageCodec.Deserialize<RevokeBatchRequest>(body),
        MessageType.RevokeBatchResponse => MessageCodec.Deserialize<RevokeBatchResponse>(body),
        MessageType.IssueCrlRequest => MessageCodec.Deserialize<IssueCrlRequest>(body),
        MessageType.CrlStatusRequest => MessageCodec.Deserialize<CrlStatusRequest>(body),
        MessageType.CrlStatusResponse => MessageCodec.Deserialize<CrlStatusResponse>(body),
        MessageType.PublishedCrlAnswer => MessageCodec.Deserialize<PublishedCrlAnswer>(body),
        MessageType.AnswerChunk => MessageCodec.Deserialize<AnswerChunk>(body),
        MessageType.ListCertificatesRequest => MessageCodec.Deserialize<ListCertificatesRequest>(body),
        MessageType.ListCertificatesResponse => MessageCodec.Deserialize<ListCertificatesResponse>(body),
        MessageType.ShowCertificateRequest => MessageCodec.Deserialize<ShowCertificateRequest>(body),
        MessageType.ShowCertificateResponse => MessageCodec.Deserialize<ShowCertificateResponse>(body),
        MessageType.RootVersionsRequest => MessageCodec.Deserialize<RootVersionsRequest>(body),
        MessageType.RootVersionsResponse => MessageCodec.Deserialize<RootVersionsResponse>(body),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static byte[] Body(MessageType type, string id = "req-1") => Serialize(Message(type, id));
}
