namespace PrivSepSigner.Configuration;

/// <summary>The config file's spellings of its enum values (README "Configuration", docs/protocol.md "Transports").</summary>
public static class ConfigSpellings
{
    public static ConfigSpelling<LinkKind> LinkKinds { get; } = new((LinkKind.Unix, "unix"), (LinkKind.Pty, "pty"), (LinkKind.Tty, "tty"));

    public static ConfigSpelling<LinkProtocol> LinkProtocols { get; } = new((LinkProtocol.Native, "native"), (LinkProtocol.CommModuleV1, "commmodule-v1"));

    /// <summary>As the config file spells it ("unix", "pty", "tty"), for logs and messages.</summary>
    public static string ToConfigString(this LinkKind kind) => LinkKinds.Text(kind);

    /// <summary>As the config file spells it ("native", "commmodule-v1"), for logs and messages.</summary>
    public static string ToConfigString(this LinkProtocol protocol) => LinkProtocols.Text(protocol);
}
