using System.Diagnostics.CodeAnalysis;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Validation;

/// <summary>Syntax checks of the CA-operation requests (revocation, CRLs, OpenPGP, time, SPKAC).</summary>
public static partial class MessageValidator
{
    /// <summary>Largest OpenPGP public key accepted on the link.</summary>
    public const int MaxPgpKeyBytes = 32768;

    /// <summary>Most user IDs, subject attributes or SANs one request may name.</summary>
    public const int MaxListItems = 32;

    /// <summary>Longest user ID, subject attribute or SAN item.</summary>
    public const int MaxItemLength = 256;

    /// <summary>Most serials in one <see cref="RevokeBatchRequest"/> (41 bytes each keeps it well within a frame).</summary>
    public const int MaxBatchSerials = 1000;

    /// <summary>
    /// RFC 5280 5.3.1 CRLReason values a front end may request: 7 is unused, and 8
    /// (removeFromCRL) means "release this certificateHold", which a delta CRL then lists as 8.
    /// </summary>
    private static readonly int[] RevocationReasons = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10];

    public static void Validate(RevokeRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateSerialHex(r.SerialHex);
        ValidateReason(r.Reason);
    }

    public static void Validate(RevokeBatchRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateReason(r.Reason);
        if (r.Serials.Length is 0 or > MaxBatchSerials)
        {
            throw Invalid("serials", $"must hold 1..{MaxBatchSerials} serials");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var serial in r.Serials)
        {
            ValidateSerialHex(serial);
            if (!seen.Add(serial))
            {
                throw Invalid("serials", $"{serial} is listed twice");
            }
        }
    }

    public static void Validate(IssueCrlRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateIssuerSha256(r.IssuerCertificateSha256);
    }

    public static void Validate(CrlStatusRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
    }

    /// <summary>The signer's spool-internal CRL answer, as the comm handler must check it before it opens any file.</summary>
    public static void Validate(PublishedCrlAnswer r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateName("root", r.Root);
        ValidateSha256Hex("crlSha256", r.CrlSha256);

        if (r.CrlLength <= 0 || r.CrlLength > ProtocolLimits.MaxChunkedBody - 1024)
        {
            throw Invalid("crlLength", $"must be 1..{ProtocolLimits.MaxChunkedBody - 1024}");
        }

        if (r.CrlNumber <= 0 || r.BaseCrlNumber < 0 || r.BaseCrlNumber >= r.CrlNumber)
        {
            throw Invalid("crlNumber", "must be positive and above its base");
        }
    }

    /// <summary>One piece of a large answer, as the front end must check it before it allocates or copies anything.</summary>
    public static void Validate(AnswerChunk r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        if (r.ResponseType is < 0x80 or > 0xFF)
        {
            throw Invalid("responseType", "must be a response type (0x80..0xFF)");
        }

        if (r.TotalLength <= ProtocolLimits.MaxBody || r.TotalLength > ProtocolLimits.MaxChunkedBody)
        {
            throw Invalid("totalLength", $"must be {ProtocolLimits.MaxBody + 1}..{ProtocolLimits.MaxChunkedBody}");
        }

        if (r.Sha256.Length != 32)
        {
            throw Invalid("sha256", "must be 32 bytes");
        }

        if (r.Data.Length is 0 or > ProtocolLimits.MaxChunkData || r.Offset < 0 || r.Offset > r.TotalLength - r.Data.Length)
        {
            throw Invalid("data", $"must be 1..{ProtocolLimits.MaxChunkData} bytes within the total length");
        }
    }

    private static void ValidateReason(int reason)
    {
        if (Array.IndexOf(RevocationReasons, reason) < 0)
        {
            throw Invalid("reason", "must be an RFC 5280 CRLReason: 0-6, 9 or 10, or 8 (removeFromCRL) to release a certificateHold");
        }
    }

    /// <summary>An optional CA certificate hash (a retired key version): absent, or 64 lowercase hex digits.</summary>
    private static void ValidateIssuerSha256(string? issuer)
    {
        if (issuer is not null)
        {
            ValidateSha256Hex("issuerCertificateSha256", issuer);
        }
    }

    private static void ValidateSha256Hex(string field, string value)
    {
        if (value.Length != 64 || !value.All(char.IsAsciiHexDigitLower))
        {
            throw Invalid(field, "must be 64 lowercase hex digits");
        }
    }

    public static void Validate(CrlRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        if (r.BaseCrlNumber < 0)
        {
            throw Invalid("baseCrlNumber", "must be >= 0");
        }

        ValidateIssuerSha256(r.IssuerCertificateSha256);
    }

    public static void Validate(PgpSignRequest r)
    {
        ValidateEnvelope(r);
        if (r.PublicKey is null || r.PublicKey.Length == 0 || r.PublicKey.Length > MaxPgpKeyBytes)
        {
            throw Invalid("publicKey", $"must be 1..{MaxPgpKeyBytes} bytes");
        }

        ValidateList("userIds", r.UserIds);
    }

    public static void Validate(PgpCaKeyRequest r)
    {
        ValidateEnvelope(r);
    }

    public static void Validate(KeepaliveRequest r)
    {
        ValidateEnvelope(r);
    }

    public static void Validate(SignSpkacRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateName("profile", r.Profile);
        if (r.Spkac is null || r.Spkac.Length == 0 || r.Spkac.Length > ProtocolLimits.MaxCsrBytes || r.Spkac[0] != 0x30)
        {
            throw Invalid("spkac", $"must be a DER SEQUENCE of 1..{ProtocolLimits.MaxCsrBytes} bytes");
        }

        ValidateStatedNames(r.Subject, r.Sans);
    }

    /// <summary>Checks a <see cref="SignX509WithNamesRequest"/>: the CSR as for a <see cref="SignX509Request"/>, the names as a SPKAC's.</summary>
    public static void Validate(SignX509WithNamesRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateName("profile", r.Profile);
        ValidateCsr(r.Csr);
        ValidateStatedNames(r.Subject, r.Sans);
    }

    /// <summary>
    /// Names a front end states (SPKAC, CSR with names): at most <see cref="MaxListItems"/> items of
    /// 1..<see cref="MaxItemLength"/> characters each, subject items TYPE=value, SANs of a known kind.
    /// Syntax only; the signer parses them strictly and the profile decides what is allowed.
    /// </summary>
    private static void ValidateStatedNames(string[]? subject, string[]? sans)
    {
        ValidateList("subject", subject);
        ValidateList("sans", sans);
        foreach (var item in subject)
        {
            if (item.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                throw Invalid("subject", "each item must be TYPE=value");
            }
        }

        foreach (var item in sans)
        {
            if (!StatedSanText.HasKnownKind(item))
            {
                throw Invalid("sans", "each item must be dns:, email:, ip: or otherName:");
            }
        }
    }

    /// <summary>RFC 5280 4.1.2.2: at most 20 octets, positive; lowercase hex, no leading zero.</summary>
    public static void ValidateSerialHex(string? serial)
    {
        if (string.IsNullOrEmpty(serial) || serial.Length > 40 || serial[0] == '0')
        {
            throw Invalid("serialHex", "must be 1..40 lowercase hex digits without leading zeros");
        }

        foreach (var c in serial)
        {
            if (!(char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            {
                throw Invalid("serialHex", "must be lowercase hexadecimal");
            }
        }
    }

    private static void ValidateList(string field, [NotNull] string[]? items)
    {
        if (items is null || items.Length > MaxListItems)
        {
            throw Invalid(field, $"must list at most {MaxListItems} items");
        }

        foreach (var item in items)
        {
            if (string.IsNullOrEmpty(item) || item.Length > MaxItemLength)
            {
                throw Invalid(field, $"each item must be 1..{MaxItemLength} characters");
            }

            foreach (var c in item)
            {
                if (char.IsControl(c))
                {
                    throw Invalid(field, "control characters are not allowed");
                }
            }
        }
    }
}
