using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// Turns a parsed legacy request into the native request the signer already understands
/// (SignX509Request, SignSpkacRequest, PgpSignRequest, RevokeRequest, KeepaliveRequest), so
/// the signer never learns that a legacy front end exists. Every field is checked here as
/// strictly as the native protocol checks its own; the result then goes through the same
/// screen as a native frame. Failures throw <see cref="ProtocolException"/>.
/// </summary>
internal sealed class LegacyTranslator
{
    // RFC 2986 PEM labels; "NEW CERTIFICATE REQUEST" is what older browsers and tools wrote.
    private static readonly string[] CsrLabels = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];
    private const string SpkacPrefix = "SPKAC=";

    private readonly LegacyConfig legacy;

    public LegacyTranslator(LegacyConfig legacy) => this.legacy = legacy;

    /// <summary>New request id: "legacy-" and 32 random hex digits.</summary>
    public static string NewRequestId() => "legacy-" + Guid.NewGuid().ToString("N");

    public NativeRequest Translate(LegacyRequest r, long frontEndTimeUnixMs) => r.Action switch
    {
        LegacyRequest.ActionKeepalive => Keepalive(r),
        LegacyRequest.ActionSign when r.System == LegacyRequest.SystemX509 => SignX509(r, frontEndTimeUnixMs),
        LegacyRequest.ActionSign when r.System == LegacyRequest.SystemOpenPgp => SignPgp(r, frontEndTimeUnixMs),
        LegacyRequest.ActionRevoke when r.System == LegacyRequest.SystemX509 => Revoke(r, frontEndTimeUnixMs),
        LegacyRequest.ActionSign or LegacyRequest.ActionRevoke => throw Invalid("system", $"{r.System} is not valid for action {r.Action} (1 X.509; 2 OpenPGP, sign only)"),
        _ => throw Invalid("action", $"{r.Action} is not 0 (keepalive), 1 (sign) or 2 (revoke)"),
    };

    /// <summary>A follow-up CrlRequest for the root a revocation named.</summary>
    public static NativeRequest CurrentCrl(string root, long frontEndTimeUnixMs)
    {
        var id = NewRequestId();
        return new NativeRequest(id, MessageType.CrlRequest, MessageCodec.Serialize(new CrlRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = frontEndTimeUnixMs,
            Root = root,
            Delta = false,
            BaseCrlNumber = 0,
        }), root);
    }

    /// <summary>The front end's clock from a keepalive body (field 2), for later requests' skew checks.</summary>
    public static DateTimeOffset KeepaliveTime(LegacyRequest r) =>
        LegacyTime.TryParse(r.Data1, out var t) ? t : throw Invalid("time", $"must be UTC as {LegacyTime.Format.Replace("'", "", StringComparison.Ordinal)} (15 characters)");

    private static NativeRequest Keepalive(LegacyRequest r)
    {
        if (r.System != 0 || r.Root != 0 || r.Profile != 0 || r.Digest != 0 || r.Days != 0 || r.KeyType != 0)
        {
            throw Invalid("header", "a keepalive has bytes 2..8 all zero");
        }

        RequireEmpty(r.Data2, "field 3");
        RequireEmpty(r.Data3, "field 4");
        var time = KeepaliveTime(r);
        var id = NewRequestId();
        return new NativeRequest(id, MessageType.KeepaliveRequest,
            MessageCodec.Serialize(new KeepaliveRequest { RequestId = id, FrontEndTimeUnixMs = time.ToUnixTimeMilliseconds() }), null);
    }

    private NativeRequest SignX509(LegacyRequest r, long now)
    {
        var root = RootName(r.Root);
        var profile = ProfileName(r.Profile);
        RequireSafeDigest(r.Digest);
        var content = Text(r.Data1, "request");
        var sans = LegacyNames.ParseSans(Text(r.Data2, "sans"));
        var subject = LegacyNames.ParseSubject(Text(r.Data3, "subject"));
        var id = NewRequestId();
        switch (r.KeyType)
        {
            case 0:
                var der = CsrDer(content);
                RequireSameNames(der, subject, sans);
                return new NativeRequest(id, MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = now,
                    Root = root,
                    Profile = profile,
                    Csr = der,
                }), root);
            case 1:
                return new NativeRequest(id, MessageType.SignSpkacRequest, MessageCodec.Serialize(new SignSpkacRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = now,
                    Root = root,
                    Profile = profile,
                    Spkac = SpkacDer(content),
                    Subject = subject,
                    Sans = sans,
                }), root);
            default:
                throw Invalid("keyType", $"{r.KeyType} is not 0 (PEM CSR) or 1 (SPKAC)");
        }
    }

    private static NativeRequest SignPgp(LegacyRequest r, long now)
    {
        // Digest and days are ignored, as the legacy signer did: client.pl always sends 2 and 366.
        if (r.Root != 0 || r.Profile != 0 || r.KeyType != 0)
        {
            throw Invalid("header", "an OpenPGP request has root, profile and key type 0");
        }

        RequireEmpty(r.Data2, "field 3");
        RequireEmpty(r.Data3, "field 4");
        var id = NewRequestId();
        return new NativeRequest(id, MessageType.PgpSignRequest, MessageCodec.Serialize(new PgpSignRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = now,
            PublicKey = r.Data1,
            UserIds = [],
        }), null);
    }

    private NativeRequest Revoke(LegacyRequest r, long now)
    {
        var root = RootName(r.Root);
        if (r.Profile != 0 || r.Digest != 0 || r.KeyType != 0)
        {
            throw Invalid("header", "a revocation has profile, digest and key type 0");
        }

        // The front end's CRL hash (hex SHA-1) sits in field 4 in client.pl, field 3 in some
        // descriptions; either is accepted, not both. It is checked and otherwise unused.
        if (r.Data2.Length > 0 && r.Data3.Length > 0)
        {
            throw Invalid("crlHash", "give the CRL hash in field 3 or field 4, not both");
        }

        var hash = Text(r.Data2.Length > 0 ? r.Data2 : r.Data3, "crlHash");
        if (hash.Length != 0 && (hash.Length != 40 || !hash.All(char.IsAsciiHexDigit)))
        {
            throw Invalid("crlHash", "must be empty or 40 hex digits (SHA-1)");
        }

        var serial = SerialOf(Text(r.Data1, "certificate"));
        var id = NewRequestId();
        return new NativeRequest(id, MessageType.RevokeRequest, MessageCodec.Serialize(new RevokeRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = now,
            Root = root,
            SerialHex = serial,
            Reason = 0, // RFC 5280 5.3.1 unspecified: the legacy request carries no reason
        }), root);
    }

    private string RootName(byte number) =>
        legacy.Roots.TryGetValue(number.ToString(CultureInfo.InvariantCulture), out var name)
            ? name
            : throw new ProtocolException(ErrorCode.UnknownRoot, $"root: legacy root number {number} is not mapped (legacy.roots)");

    private string ProfileName(byte number) =>
        legacy.Profiles.TryGetValue(number.ToString(CultureInfo.InvariantCulture), out var name)
            ? name
            : throw new ProtocolException(ErrorCode.UnknownProfile, $"profile: legacy profile number {number} is not mapped (legacy.profiles)");

    /// <summary>Digest ids of the legacy header. The signer always uses its own algorithm; these only refuse.</summary>
    private static void RequireSafeDigest(byte digest)
    {
        switch (digest)
        {
            case 1:
            case 2:
                throw new ProtocolException(ErrorCode.PolicyRefused, $"digest: {(digest == 1 ? "md5 (1)" : "sha1 (2)")} is refused: MD5 and SHA-1 are broken for signatures; use 8 (sha256), 9 (sha384) or 10 (sha512)");
            case 3:
                throw new ProtocolException(ErrorCode.PolicyRefused, "digest: rmd160 (3) is not supported; use 8 (sha256), 9 (sha384) or 10 (sha512)");
            case 8:
            case 9:
            case 10:
                return;
            default:
                throw Invalid("digest", $"{digest} is not a digest id (8 sha256, 9 sha384, 10 sha512)");
        }
    }

    /// <summary>Exactly one PEM CSR block, nothing but whitespace around it (RFC 7468 5.1).</summary>
    private static byte[] CsrDer(string text)
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
    private static byte[] SpkacDer(string text)
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

    /// <summary>
    /// The native SignX509Request carries no names: the signer takes them from the CSR, filtered
    /// by the profile. So names the front end states must be the CSR's own, or the certificate
    /// would carry names the front end never approved.
    /// </summary>
    private static void RequireSameNames(byte[] der, string[] subject, string[] sans)
    {
        CertificateRequest csr;
        try
        {
            csr = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        }
        catch (CryptographicException)
        {
            throw Invalid("csr", "not a PKCS#10 request");
        }

        try
        {
            if (subject.Length > 0 && !LegacyNames.SameItems(subject, LegacyNames.SubjectOf(csr)))
            {
                throw Invalid("subject", "differs from the CSR's subject; the signer issues the CSR's names (filtered by the profile), so state the same names or none");
            }

            if (sans.Length > 0 && !LegacyNames.SameItems(sans, LegacyNames.SansOf(csr)))
            {
                throw Invalid("sans", "differ from the CSR's subjectAltName; the signer issues the CSR's names (filtered by the profile), so state the same names or none");
            }
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            throw Invalid("csr", "its subjectAltName extension is not valid DER");
        }
    }

    /// <summary>The serial number of a PEM certificate, lowercase hex without leading zeros (RFC 5280 4.1.2.2).</summary>
    private static string SerialOf(string text)
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

    private static string Text(byte[] field, string name)
    {
        try
        {
            var s = LegacyWire.Utf8Strict.GetString(field);
            if (s.Contains('\0', StringComparison.Ordinal))
            {
                throw Invalid(name, "must not contain NUL");
            }

            return s;
        }
        catch (DecoderFallbackException)
        {
            throw Invalid(name, "is not UTF-8 text");
        }
    }

    private static void RequireEmpty(byte[] field, string name)
    {
        if (field.Length != 0)
        {
            throw Invalid(name, "must be empty for this request");
        }
    }

    private static ProtocolException Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}");
}
