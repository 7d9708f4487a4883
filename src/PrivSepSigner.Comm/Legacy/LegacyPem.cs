using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// The PEM and SPKAC text fields of legacy requests, decoded strictly: exactly one block of
/// the expected label and nothing but whitespace around it, sizes checked against the native
/// limits. Failures throw <see cref="ProtocolException"/> (InvalidRequest) naming the field.
/// </summary>
internal static class LegacyPem
{
    // RFC 2986 PEM labels; "NEW CERTIFICATE REQUEST" is what older browsers and tools wrote.
    private static readonly string[] CsrLabels = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];
    private const string SpkacPrefix = "SPKAC=";

    /// <summary>Exactly one PEM CSR block, nothing but whitespace around it (RFC 7468 5.1).</summary>
    internal static byte[] CsrDer(string text)
    {
        if (!PemEncoding.TryFind(text, out var pem) || Array.IndexOf(CsrLabels, text[pem.Label]) < 0
            || !string.IsNullOrWhiteSpace(text[..pem.Location.Start.Value]) || !string.IsNullOrWhiteSpace(text[pem.Location.End.Value..]))
        {
            throw Invalid("csr", "must be one PEM \"CERTIFICATE REQUEST\" block (key type 0)");
        }

        var der = Convert.FromBase64String(text[pem.Base64Data]);
        if (der.Length > ProtocolLimits.MaxCsrBytes)
        {
            throw Invalid("csr", $"must be at most {ProtocolLimits.MaxCsrBytes} bytes");
        }

        return der;
    }

    /// <summary>"SPKAC=" and standard base64 on one line, optionally ending in one newline (openssl spkac output).</summary>
    internal static byte[] SpkacDer(string text)
    {
        var line = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        if (!line.StartsWith(SpkacPrefix, StringComparison.Ordinal))
        {
            throw Invalid("spkac", "must be \"SPKAC=\" and base64 (key type 1)");
        }

        var b64 = line[SpkacPrefix.Length..];
        var der = new byte[b64.Length];
        if (b64.Length == 0 || !Convert.TryFromBase64Chars(b64, der, out var n) || b64.Any(char.IsWhiteSpace))
        {
            throw Invalid("spkac", "is not valid base64 on one line");
        }

        return der[..n];
    }

    /// <summary>The serial number of a PEM certificate, lowercase hex without leading zeros (RFC 5280 4.1.2.2).</summary>
    internal static string SerialOf(string text)
    {
        if (!PemEncoding.TryFind(text, out var pem) || text[pem.Label] != "CERTIFICATE"
            || !string.IsNullOrWhiteSpace(text[..pem.Location.Start.Value]) || !string.IsNullOrWhiteSpace(text[pem.Location.End.Value..]))
        {
            throw Invalid("certificate", "must be one PEM \"CERTIFICATE\" block");
        }

        try
        {
            using var cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[pem.Base64Data]));
            var hex = Convert.ToHexStringLower(cert.SerialNumberBytes.Span).TrimStart('0');
            MessageValidator.ValidateSerialHex(hex);
            return hex;
        }
        catch (CryptographicException)
        {
            throw Invalid("certificate", "is not an X.509 certificate");
        }
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
