namespace PrivSepSigner.Protocol;

/// <summary>Syntax checks of the CA-operation requests (revocation, CRLs, OpenPGP, time, SPKAC).</summary>
public static partial class MessageValidator
{
    /// <summary>Largest OpenPGP public key accepted on the link.</summary>
    public const int MaxPgpKeyBytes = 32768;

    /// <summary>Most user IDs, subject attributes or SANs one request may name.</summary>
    public const int MaxListItems = 32;

    /// <summary>Longest user ID, subject attribute or SAN item.</summary>
    public const int MaxItemLength = 256;

    /// <summary>RFC 5280 5.3.1 CRLReason values a front end may request (7 is unused; 8 is delta-only).</summary>
    private static readonly int[] RevocationReasons = [0, 1, 2, 3, 4, 5, 6, 9, 10];

    public static void Validate(RevokeRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
        ValidateName("root", r.Root);
        ValidateSerialHex(r.SerialHex);
        if (Array.IndexOf(RevocationReasons, r.Reason) < 0)
        {
            throw Invalid("reason", "must be an RFC 5280 CRLReason: 0-6, 9 or 10");
        }
    }

    public static void Validate(CrlRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
        ValidateName("root", r.Root);
        if (r.BaseCrlNumber < 0)
        {
            throw Invalid("baseCrlNumber", "must be >= 0");
        }

        if (r.IssuerCertificateSha256 is { } issuer)
        {
            ValidateSha256Hex("issuerCertificateSha256", issuer);
        }
    }

    public static void Validate(PgpSignRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
        if (r.PublicKey is null || r.PublicKey.Length == 0 || r.PublicKey.Length > MaxPgpKeyBytes)
        {
            throw Invalid("publicKey", $"must be 1..{MaxPgpKeyBytes} bytes");
        }

        ValidateList("userIds", r.UserIds);
    }

    public static void Validate(PgpCaKeyRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
    }

    public static void Validate(KeepaliveRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
    }

    public static void Validate(SignSpkacRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        ValidateRequestId(r.RequestId);
        ValidateFrontEndTime(r.FrontEndTimeUnixMs);
        ValidateName("root", r.Root);
        ValidateName("profile", r.Profile);
        if (r.Spkac is null || r.Spkac.Length == 0 || r.Spkac.Length > ProtocolLimits.MaxCsrBytes || r.Spkac[0] != 0x30)
        {
            throw Invalid("spkac", $"must be a DER SEQUENCE of 1..{ProtocolLimits.MaxCsrBytes} bytes");
        }

        ValidateList("subject", r.Subject);
        ValidateList("sans", r.Sans);
        foreach (var item in r.Subject)
        {
            if (item.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                throw Invalid("subject", "each item must be TYPE=value");
            }
        }

        foreach (var item in r.Sans)
        {
            if (!(item.StartsWith("dns:", StringComparison.Ordinal) || item.StartsWith("email:", StringComparison.Ordinal) || item.StartsWith("ip:", StringComparison.Ordinal)))
            {
                throw Invalid("sans", "each item must be dns:, email: or ip:");
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

    private static void ValidateList(string field, string[]? items)
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
