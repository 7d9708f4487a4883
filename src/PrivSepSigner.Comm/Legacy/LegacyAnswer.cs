using System.Text;
using PrivSepSigner.Protocol;

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

    /// <summary>Field 2 the error code's name (e.g. <c>PolicyRefused</c>), field 3 the message.</summary>
    public static LegacyAnswer Error(byte action, ErrorCode code, string message) =>
        new(action, true, Encoding.ASCII.GetBytes(Enum.IsDefined(code) ? code.ToString() : nameof(ErrorCode.Internal)), Encoding.UTF8.GetBytes(message), []);

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
}
