namespace PrivSepSigner.Logging;

/// <summary>
/// The APP-NAMEs the programs log under, and which chain key seals each one's lines. Each
/// daemon has its own key (docs/audit-log.md), so code running as the comm user, which holds
/// the comm key, cannot seal a line the verifier would take for the signer's.
/// </summary>
public static class DaemonNames
{
    public const string Signer = "privsep-signerd";

    public const string Comm = "privsep-comm";

    /// <summary>`privsep-signerd ceremony ...`: the signer's executable, run by the operator beside the daemon.</summary>
    public const string Ceremony = "privsep-ceremony";

    /// <summary>The signer's chain key: seals the signer daemon's and the ceremonies' lines.</summary>
    public const string SignerKey = "signer";

    /// <summary>The comm handler's chain key.</summary>
    public const string CommKey = "comm";

    /// <summary>The chain key whose lines an APP-NAME's are, or null for a program of no known daemon.</summary>
    public static string? ChainKeyOf(string appName) => appName switch
    {
        Signer or Ceremony => SignerKey,
        Comm => CommKey,
        _ => null,
    };
}
