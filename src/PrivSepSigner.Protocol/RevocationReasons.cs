using System.Collections.Frozen;

namespace PrivSepSigner.Protocol;

/// <summary>RFC 5280 5.3.1 CRLReason codes by the names openssl uses, for front ends and the signer alike.</summary>
public static class RevocationReasons
{
    /// <summary>removeFromCRL: asks to release a certificateHold; a delta CRL then lists it with this reason.</summary>
    public const int RemoveFromCrl = 8;

    /// <summary>The reasons a certificate may be revoked with (7 is unused, 8 is the release of a hold).</summary>
    public static FrozenDictionary<string, int> Revocable { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = 0,
        ["keyCompromise"] = 1,
        ["cACompromise"] = 2,
        ["affiliationChanged"] = 3,
        ["superseded"] = 4,
        ["cessationOfOperation"] = 5,
        ["certificateHold"] = 6,
        ["privilegeWithdrawn"] = 9,
        ["aACompromise"] = 10,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of a reason code ("removeFromCRL" for 8, "reason N" for one without a name); null for none (-1).</summary>
    public static string? NameOf(int code) =>
        code < 0 ? null
        : code == RemoveFromCrl ? "removeFromCRL"
        : Revocable.FirstOrDefault(r => r.Value == code).Key ?? $"reason {code}";
}
