namespace PrivSepSigner.Cli.Commands;

/// <summary>RFC 5280 5.3.1 CRLReason codes by the names openssl uses.</summary>
internal static class CrlReasons
{
    /// <summary>removeFromCRL: in a delta CRL, a certificateHold released (RFC 5280 5.3.1); `unhold` sends it.</summary>
    public const int RemoveFromCrl = 8;

    /// <summary>The reasons an operator may give to `revoke` (7 is unused, 8 is `unhold`).</summary>
    public static IReadOnlyDictionary<string, int> Revocable { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
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
    };

    /// <summary>The name of a recorded reason; null for "not revoked" (-1).</summary>
    public static string? NameOf(int code) =>
        code < 0 ? null
        : code == RemoveFromCrl ? "removeFromCRL"
        : Revocable.FirstOrDefault(r => r.Value == code).Key ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
