using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// One legacy answer body: four length-prefixed fields, the first a 9-byte header
/// [version, action (as requested), status (0 ok, 1 error), 6 reserved zero bytes], then
/// three data fields (docs/protocol.md "Legacy mode", answers).
/// </summary>
internal sealed record LegacyAnswer(byte Action, bool IsError, byte[] Data1, byte[] Data2, byte[] Data3)
{
    public const byte StatusOk = 0;
    public const byte StatusError = 1;

    public static LegacyAnswer Ok(byte action, string text) => new(action, false, Encoding.UTF8.GetBytes(text), [], []);

    public static LegacyAnswer Ok(byte action, byte[] data) => new(action, false, data, [], []);

    /// <summary>
    /// Field 2 EMPTY, field 3 the message, field 4 the error code's name (e.g. <c>PolicyRefused</c>).
    /// CAcert's client.pl reads only field 2, never the status byte: any text there would be stored
    /// as the user's certificate or key, or installed as the CRL. An empty field 2 is the one answer
    /// it treats as "nothing came back" (docs/protocol.md 11.3).
    /// </summary>
    public static LegacyAnswer Error(byte action, ErrorCode code, string message) =>
        new(action, true, [], Encoding.UTF8.GetBytes(message), Encoding.ASCII.GetBytes(Enum.IsDefined(code) ? code.ToString() : nameof(ErrorCode.Internal)));

    public byte[] Encode()
    {
        var header = new byte[LegacyWire.HeaderLength];
        header[0] = LegacyWire.Version;
        header[1] = Action;
        header[2] = IsError ? StatusError : StatusOk;
        byte[][] fields = [header, Data1, Data2, Data3];
        var body = new byte[fields.Sum(f => LegacyWire.LengthBytes + f.Length)];
        var at = 0;
        foreach (var f in fields)
        {
            LegacyWire.WriteLength(body.AsSpan(at), f.Length);
            f.CopyTo(body, at + LegacyWire.LengthBytes);
            at += LegacyWire.LengthBytes + f.Length;
        }

        return body;
    }

    /// <summary>The legacy answer to a native response: field 2 the PEM certificate, armored key or clock.</summary>
    public static LegacyAnswer FromNative(byte action, NativeAnswer answer)
    {
        switch (answer.Type)
        {
            case MessageType.SignX509Response:
                return LegacyAnswer.Ok(action, CertificatePem(MessageCodec.Deserialize<SignX509Response>(answer.Body).Certificate));
            case MessageType.SignSpkacResponse:
                return LegacyAnswer.Ok(action, CertificatePem(MessageCodec.Deserialize<SignSpkacResponse>(answer.Body).Certificate));
            case MessageType.PgpSignResponse:
                return LegacyAnswer.Ok(action, MessageCodec.Deserialize<PgpSignResponse>(answer.Body).CertifiedKey);
            case MessageType.KeepaliveResponse:
                var time = DateTimeOffset.FromUnixTimeMilliseconds(MessageCodec.Deserialize<KeepaliveResponse>(answer.Body).SignerTimeUnixMs);
                return LegacyAnswer.Ok(action, LegacyTime.Write(time));
            default:
                var error = AsError(answer);
                return LegacyAnswer.Error(action, error.Code, error.Message);
        }
    }

    public static ErrorResponse AsError(NativeAnswer answer) =>
        answer.Type == MessageType.ErrorResponse
            ? MessageCodec.Deserialize<ErrorResponse>(answer.Body)
            : new ErrorResponse { RequestId = "", Code = ErrorCode.Internal, Message = $"unexpected answer type 0x{(byte)answer.Type:x2}" };

    private static string CertificatePem(byte[] der) => PemEncoding.WriteString("CERTIFICATE", der) + "\n";
}
