using System.Collections.Frozen;

namespace PrivSepSigner.Protocol;

/// <summary>RFC 5280 5.3.1 CRLReason codes a front end may ask for, by the names openssl uses.</summary>
public static class RevocationReasons
{
    /// <summary>8 (removeFromCRL) asks to release a certificateHold.</summary>
    public static FrozenDictionary<string, int> ByName { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = 0,
        ["keyCompromise"] = 1,
        ["cACompromise"] = 2,
        ["affiliationChanged"] = 3,
        ["superseded"] = 4,
        ["cessationOfOperation"] = 5,
        ["certificateHold"] = 6,
        ["removeFromCRL"] = 8,
        ["privilegeWithdrawn"] = 9,
        ["aACompromise"] = 10,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The name of a reason code, or "reason N" for one that has none.</summary>
    public static string Name(int reason) => ByName.FirstOrDefault(r => r.Value == reason).Key ?? $"reason {reason}";
}
