using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Protocol.Validation;

/// <summary>Syntax checks of the operator's read-only requests: listing, showing, key versions.</summary>
public static partial class MessageValidator
{
    /// <summary>Most certificates one list page may ask for (the answer also stops at the frame's size).</summary>
    public const int MaxListPage = 1000;

    public static void Validate(ListCertificatesRequest r)
    {
        ValidateEnvelope(r);
        if (r.Root is not null)
        {
            ValidateName("root", r.Root);
        }

        if (r.Profile is not null)
        {
            ValidateName("profile", r.Profile);
        }

        if (!Enum.IsDefined(r.Status))
        {
            throw Invalid("status", "must be 0 (any), 1 (valid), 2 (revoked) or 3 (expired)");
        }

        if (r.NotAfterFromUnixMs < 0 || r.NotAfterUntilUnixMs < 0)
        {
            throw Invalid("notAfterFromUnixMs", "the expiry window's bounds must be >= 0");
        }

        if (r.NotAfterUntilUnixMs != 0 && r.NotAfterUntilUnixMs <= r.NotAfterFromUnixMs)
        {
            throw Invalid("notAfterUntilUnixMs", "must be after notAfterFromUnixMs");
        }

        if (r.AfterSerialHex.Length != 0)
        {
            ValidateSerialHex(r.AfterSerialHex);
        }

        if (r.Limit is < 1 or > MaxListPage)
        {
            throw Invalid("limit", $"must be 1..{MaxListPage}");
        }
    }

    public static void Validate(ShowCertificateRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateSerialHex(r.SerialHex);
    }

    public static void Validate(RootVersionsRequest r)
    {
        ValidateEnvelope(r);
        ValidateName("root", r.Root);
        ValidateIssuerSha256(r.IssuerCertificateSha256);
    }
}
