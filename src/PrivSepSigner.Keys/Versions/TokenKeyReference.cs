using System.Text;
using System.Text.RegularExpressions;

namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// The key file of a version whose private key lives on a PKCS#11 token: instead of key
/// material, key.pem holds one RFC 7512 URI, <c>pkcs11:token=T;object=L</c>, naming the key.
/// Labels are restricted to [A-Za-z0-9._-] so no percent-encoding is ever needed or accepted.
/// </summary>
public sealed partial record TokenKeyReference(string Token, string Object)
{
    private const string Scheme = "pkcs11:";

    /// <summary>True when the key file holds a URI rather than a PEM key.</summary>
    public static bool IsReference(ReadOnlySpan<byte> keyFile) => keyFile.StartsWith(Encoding.ASCII.GetBytes(Scheme));

    public static TokenKeyReference Parse(ReadOnlySpan<byte> keyFile, string where)
    {
        var text = Encoding.ASCII.GetString(keyFile).TrimEnd('\n');
        var m = UriPattern().Match(text);
        if (!m.Success)
        {
            throw new InvalidDataException($"{where}: expected one line \"pkcs11:token=LABEL;object=LABEL\" (labels of [A-Za-z0-9._-])");
        }

        return new TokenKeyReference(m.Groups["token"].Value, m.Groups["object"].Value);
    }

    public static bool IsLabel(string label) => LabelPattern().IsMatch(label);

    public override string ToString() => $"{Scheme}token={Token};object={Object}";

    [GeneratedRegex(@"^pkcs11:token=(?<token>[A-Za-z0-9._-]{1,32});object=(?<object>[A-Za-z0-9._-]{1,64})$", RegexOptions.CultureInvariant)]
    private static partial Regex UriPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}
