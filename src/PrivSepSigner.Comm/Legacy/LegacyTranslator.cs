using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>
/// Turns a parsed legacy request into the native request the signer already understands
/// (SignX509Request, SignX509WithNamesRequest, SignSpkacRequest, PgpSignRequest, RevokeRequest, KeepaliveRequest), so
/// the signer never learns that a legacy front end exists. Every field is checked here as
/// strictly as the native protocol checks its own; the result then goes through the same
/// screen as a native frame. Failures throw <see cref="ProtocolException"/>.
/// </summary>
internal sealed class LegacyTranslator
{
    private readonly LegacyConfig legacy;
    private readonly LegacyReplayWindow replay;

    public LegacyTranslator(LegacyConfig legacy, LegacyReplayWindow replay)
    {
        this.legacy = legacy;
        this.replay = replay;
    }

    /// <summary>New request id: "legacy-" and 32 random hex digits.</summary>
    public static string NewRequestId() => "legacy-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// What a sign or revoke request asks for: SHA-256 over the names its numbers map to and the
    /// verified frame body. The legacy protocol has no request id, so this digest, within the
    /// replay window, names the request (<see cref="LegacyReplayWindow"/>, docs/protocol.md 11.4).
    /// </summary>
    public static string ContentDigest(ReadOnlySpan<byte> body, string root, string profile)
    {
        var names = Encoding.UTF8.GetBytes($"{root}\0{profile}\0");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(names);
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Translates a parsed request; <paramref name="body"/> is the frame body it came from, for the request id.</summary>
    public NativeRequest Translate(LegacyRequest r, ReadOnlySpan<byte> body, long frontEndTimeUnixMs) => r.Action switch
    {
        LegacyRequest.ActionKeepalive => Keepalive(r),
        LegacyRequest.ActionSign when r.System == LegacyRequest.SystemX509 => SignX509(r, body, frontEndTimeUnixMs),
        LegacyRequest.ActionSign when r.System == LegacyRequest.SystemOpenPgp => SignPgp(r, body, frontEndTimeUnixMs),
        LegacyRequest.ActionRevoke when r.System == LegacyRequest.SystemX509 => Revoke(r, body, frontEndTimeUnixMs),
        LegacyRequest.ActionSign or LegacyRequest.ActionRevoke => throw Invalid("system", $"{r.System} is not valid for action {r.Action} (1 X.509; 2 OpenPGP, sign only)"),
        _ => throw Invalid("action", $"{r.Action} is not 0 (keepalive), 1 (sign) or 2 (revoke)"),
    };

    /// <summary>The follow-up to a revocation: a new full CRL of the root it named, listing it (an IssueCrlRequest).</summary>
    public static NativeRequest FreshCrl(string root, long frontEndTimeUnixMs)
    {
        var id = NewRequestId();
        return NativeRequest.Of(new IssueCrlRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = frontEndTimeUnixMs,
            Root = root,
        });
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
        return NativeRequest.Of(new KeepaliveRequest { RequestId = id, FrontEndTimeUnixMs = time.ToUnixTimeMilliseconds() });
    }

    private NativeRequest SignX509(LegacyRequest r, ReadOnlySpan<byte> body, long now)
    {
        var root = RootName(r.Root);
        var profile = ProfileName(r.Profile);
        LegacyDigest.RequireSafe(r.Digest);
        var content = Text(r.Data1, "request");
        var sans = LegacyNames.ParseSans(Text(r.Data2, "sans"));
        var subject = LegacyNames.ParseSubject(Text(r.Data3, "subject"));
        var id = replay.RequestId(ContentDigest(body, root, profile));
        switch (r.KeyType)
        {
            case 0 when subject.Length == 0 && sans.Length == 0:
                // No names stated: the certificate gets the CSR's own, filtered by the profile.
                return NativeRequest.Of(new SignX509Request
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = now,
                    Root = root,
                    Profile = profile,
                    Csr = LegacyPem.CsrDer(content),
                });
            case 0:
                // The front end verified these names and states them, as the legacy signer put them into
                // the certificate (-subj and a SAN file); the CSR gives only its key (issue 16 item 1).
                return NativeRequest.Of(new SignX509WithNamesRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = now,
                    Root = root,
                    Profile = profile,
                    Csr = LegacyPem.CsrDer(content),
                    Subject = subject,
                    Sans = sans,
                });
            case 1:
                var spkac = LegacySpkacFile.Parse(content);
                if (spkac.Subject.Length > 0 && subject.Length > 0)
                {
                    throw Invalid("subject", "the SPKAC file names the subject already; state it in one place (CAcert's front end leaves this field empty)");
                }

                return NativeRequest.Of(new SignSpkacRequest
                {
                    RequestId = id,
                    FrontEndTimeUnixMs = now,
                    Root = root,
                    Profile = profile,
                    Spkac = spkac.Spkac,
                    Subject = spkac.Subject.Length > 0 ? spkac.Subject : subject,
                    Sans = sans,
                });
            default:
                throw Invalid("keyType", $"{r.KeyType} is not 0 (PEM CSR) or 1 (SPKAC)");
        }
    }

    private NativeRequest SignPgp(LegacyRequest r, ReadOnlySpan<byte> body, long now)
    {
        // Digest and days are ignored, as the legacy signer did: client.pl always sends 2 and 366.
        if (r.Root != 0 || r.Profile != 0 || r.KeyType != 0)
        {
            throw Invalid("header", "an OpenPGP request has root, profile and key type 0");
        }

        RequireEmpty(r.Data2, "field 3");
        RequireEmpty(r.Data3, "field 4");
        var id = replay.RequestId(ContentDigest(body, "openpgp", ""));
        return NativeRequest.Of(new PgpSignRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = now,
            PublicKey = r.Data1,
            UserIds = [],
        });
    }

    private NativeRequest Revoke(LegacyRequest r, ReadOnlySpan<byte> body, long now)
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

        // RefreshCRLs: no certificate means "send me the current CRL", as the legacy server answered it.
        if (r.Data1.Length == 0)
        {
            return FreshCrl(root, now);
        }

        var serial = LegacyPem.SerialOf(Text(r.Data1, "certificate"));
        var id = replay.RequestId(ContentDigest(body, root, ""));
        return NativeRequest.Of(new RevokeRequest
        {
            RequestId = id,
            FrontEndTimeUnixMs = now,
            Root = root,
            SerialHex = serial,
            Reason = 0, // RFC 5280 5.3.1 unspecified: the legacy request carries no reason
        });
    }

    private string RootName(byte number) =>
        legacy.Roots.TryGetValue(number.ToString(CultureInfo.InvariantCulture), out var name)
            ? name
            : throw new ProtocolException(ErrorCode.UnknownRoot, $"root: legacy root number {number} is not mapped (legacy.roots)");

    private string ProfileName(byte number) =>
        legacy.Profiles.TryGetValue(number.ToString(CultureInfo.InvariantCulture), out var name)
            ? name
            : throw new ProtocolException(ErrorCode.UnknownProfile, $"profile: legacy profile number {number} is not mapped (legacy.profiles)");

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
