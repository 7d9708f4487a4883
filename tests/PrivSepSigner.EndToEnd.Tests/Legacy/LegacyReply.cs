using System.Text;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// An answer as a legacy front end reads it: four length-prefixed fields, the first a 9-byte
/// header [version, action, status (0 ok, 1 error), 6 zero bytes]; on success field 2 holds
/// the result (PEM certificate or CRL, armored key, time); on error field 2 is EMPTY (what a
/// front end that reads only field 2 takes as "nothing came back"), field 3 holds the message
/// and field 4 the error code's name.
/// </summary>
public sealed record LegacyReply(byte Action, byte Status, byte[] Data1, byte[] Data2, byte[] Data3)
{
    public bool IsError => Status != 0;

    public string Text1 => Encoding.UTF8.GetString(Data1);

    public string ErrorCode => Encoding.UTF8.GetString(Data3);

    public string ErrorMessage => Encoding.UTF8.GetString(Data2);

    public override string ToString() => IsError ? $"error {ErrorCode}: {ErrorMessage}" : $"ok action {Action}: {Text1}";

    public static LegacyReply Parse(byte[] body)
    {
        var fields = new List<byte[]>();
        var at = 0;
        for (var i = 0; i < 4; i++)
        {
            if (body.Length - at < 3)
            {
                throw new IOException($"answer has {i} fields, 4 expected");
            }

            var n = (body[at] << 16) | (body[at + 1] << 8) | body[at + 2];
            at += 3;
            if (n > body.Length - at)
            {
                throw new IOException($"answer field {i + 1} runs past the end");
            }

            fields.Add(body[at..(at + n)]);
            at += n;
        }

        if (at != body.Length || fields[0].Length != 9 || fields[0][0] != 1)
        {
            throw new IOException("answer is not four fields with a 9-byte version-1 header");
        }

        return new LegacyReply(fields[0][1], fields[0][2], fields[1], fields[2], fields[3]);
    }
}
