namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// The privilege boundary and the layering, as data: for each component, what it must
/// never depend on, directly or through anything it depends on. Names are assembly names.
/// </summary>
internal static class LayerRules
{
    private const string Keys = "PrivSepSigner.Keys";
    private const string TokenKeys = "PrivSepSigner.Keys.Pkcs11";
    private const string Issuance = "PrivSepSigner.Issuance";
    private const string Policy = "PrivSepSigner.Policy";
    private const string Protocol = "PrivSepSigner.Protocol";
    private const string Spool = "PrivSepSigner.Spool";
    private const string Link = "PrivSepSigner.Link";
    private const string BouncyCastle = "BouncyCastle.Cryptography";
    private const string Sqlite = "Microsoft.Data.Sqlite";
    private const string Pkcs11 = "Pkcs11Interop";
    private const string SerialPorts = "System.IO.Ports";

    public static TheoryData<string, string> Forbidden => new()
    {
        // The unprivileged comm handler: no signing, no key, no issuance database code at all.
        { "privsep-comm", Keys },
        { "privsep-comm", Issuance },
        { "privsep-comm", Policy },
        { "privsep-comm", BouncyCastle },
        { "privsep-comm", Sqlite },
        { "privsep-comm", Pkcs11 },
        { "privsep-comm", TokenKeys },
        // The key holder never owns a device link: neither the link transports nor a serial port.
        { "privsep-signerd", Link },
        { "privsep-signerd", SerialPorts },
        // The CLI is a front end and an installer: it never loads a key backend.
        { "privsep-signer", Keys },
        { "privsep-signer", Issuance },
        { "privsep-signer", Pkcs11 },
        { "privsep-signer", TokenKeys },
        // Libraries: lower layers never reach up.
        { Protocol, Spool },
        { Protocol, Keys },
        { Protocol, Issuance },
        { Protocol, Policy },
        { Protocol, Link },
        { Spool, Link },
        { Keys, Link },
        { Issuance, Link },
        { Policy, Link },
        { "PrivSepSigner.Logging", Link },
        { Link, Spool },
        { Link, Keys },
        { Link, Issuance },
        { Link, Policy },
        { Spool, Protocol },
        { Spool, Keys },
        { Spool, Issuance },
        { Policy, Protocol },
        { Policy, Spool },
        { Policy, Keys },
        { Policy, BouncyCastle },
        { Issuance, Protocol },
        { Issuance, Spool },
        { Keys, Protocol },
        { Keys, Spool },
        { Keys, Issuance },
        { Keys, Pkcs11 },
        { TokenKeys, Protocol },
        { TokenKeys, Spool },
        { TokenKeys, Issuance },
        { Issuance, Pkcs11 },
        { "PrivSepSigner.Logging", Keys },
        { "PrivSepSigner.Logging", Issuance },
    };
}
