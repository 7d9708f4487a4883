using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The SPKAC field of a legacy request (key type 1): either openssl spkac's one line
/// <c>SPKAC=base64</c>, or the file <c>openssl ca -spkac</c> reads and CAcert's front end
/// writes, <c>name = value</c> lines (spaces around '=' allowed) naming the subject and the
/// key: <c>0.emailAddress = ...</c>, <c>commonName = ...</c>, <c>SPKAC = base64</c>. A leading
/// <c>N.</c> only keeps openssl's names apart and is dropped; the subject items keep the
/// file's order. Anything else (an unknown name, two SPKAC lines, none) is refused.
/// </summary>
internal sealed record LegacySpkacFile(byte[] Spkac, string[] Subject)
{
    private const string SpkacName = "SPKAC";

    /// <summary>Parses the field; failures throw <see cref="ProtocolException"/> (InvalidRequest) naming "spkac".</summary>
    public static LegacySpkacFile Parse(string text)
    {
        byte[]? spkac = null;
        var subject = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Trim(' ', '\t').Length == 0)
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Invalid($"line \"{LegacyWire.Printable(line)}\" is not name = value");
            }

            var name = line[..eq].Trim(' ', '\t');
            var value = line[(eq + 1)..].Trim(' ', '\t');
            if (name == SpkacName)
            {
                if (spkac is not null)
                {
                    throw Invalid("more than one SPKAC line");
                }

                spkac = LegacyPem.SpkacDer(SpkacName + "=" + value);
                continue;
            }

            subject.Add(LegacyNames.SubjectItem("spkac", WithoutIndex(name), value));
        }

        return spkac is null ? throw Invalid("must hold a \"SPKAC=\" line with base64 (key type 1)") : new LegacySpkacFile(spkac, [.. subject]);
    }

    // openssl ca -spkac: "0.emailAddress" and "1.emailAddress" are two emailAddress attributes.
    private static string WithoutIndex(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && name[..dot].All(char.IsAsciiDigit) ? name[(dot + 1)..] : name;
    }

    private static ProtocolException Invalid(string reason) => new(ErrorCode.InvalidRequest, $"spkac: {reason}");
}
