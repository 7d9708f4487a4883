namespace PrivSepSigner.Configuration;

/// <summary>
/// What is spoken over the link (<c>link.protocol</c>); spelt in the config file as
/// <see cref="ConfigSpellings.LinkProtocols"/> says.
/// </summary>
public enum LinkProtocol
{
    /// <summary>"native": the framed protocol of docs/protocol.md.</summary>
    Native,

    /// <summary>"commmodule-v1": the legacy CommModule link (docs/protocol.md "Legacy mode").</summary>
    CommModuleV1,
}
