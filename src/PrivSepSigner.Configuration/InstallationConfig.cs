namespace PrivSepSigner.Configuration;

/// <summary>
/// The whole installation's configuration, as read from one JSON file shared by both
/// daemons and the CLI. Raw data only: <see cref="ConfigLoader"/> checks structure and
/// names; the signer turns each <see cref="ProfileConfig"/> into a validated profile.
/// Relative paths are resolved against the directory holding the config file.
/// </summary>
public sealed record InstallationConfig
{
    /// <summary>Spool root: incoming/, tmp/, outbox/, ack/, quarantine/ live below it.</summary>
    public required string SpoolDir { get; init; }

    /// <summary>Signer-only state (issuance database). Never readable by the comm user.</summary>
    public required string StateDir { get; init; }

    /// <summary>The comm handler's link (see docs/protocol.md "Transports").</summary>
    public required LinkConfig Link { get; init; }

    public SpoolLimitsConfig Limits { get; init; } = new();

    /// <summary>Unix accounts for the privilege split; empty means "the current user" (development).</summary>
    public UsersConfig Users { get; init; } = new();

    public required IReadOnlyList<RootConfig> Roots { get; init; }

    /// <summary>The PKCS#11 token holding CA keys, if any root's key.pem names one.</summary>
    public Pkcs11Config? Pkcs11 { get; init; }

    /// <summary>Seconds between checks of the key directories for a new <c>current</c> version (SIGHUP checks at once).</summary>
    public int KeyReloadSeconds { get; init; } = 5;

    /// <summary>The CA's OpenPGP secret key ring (unprotected, armored, 0600, the signer's), if OpenPGP certification is offered.</summary>
    public string? OpenPgpKeyFile { get; init; }

    /// <summary>SHA-256 (lowercase hex) of SubjectPublicKeyInfos that must never be certified (known-compromised keys).</summary>
    public IReadOnlyList<string> BlockedSpkiSha256 { get; init; } = [];

    /// <summary>Clock policy: how far the front end's clock may be from the signer's.</summary>
    public TimePolicyConfig Time { get; init; } = new();

    /// <summary>The tamper-evident RFC 5424 log stream (docs/audit-log.md).</summary>
    public LoggingConfig Logging { get; init; } = new();

    /// <summary>Number → name maps for the legacy CommModule link protocol.</summary>
    public LegacyConfig Legacy { get; init; } = new();

    /// <summary>CRL policy: validity, re-signing schedule, lookback for expired entries.</summary>
    public CrlPolicyConfig Crl { get; init; } = new();

    public required IReadOnlyDictionary<string, ProfileConfig> Profiles { get; init; }
}

/// <summary>Where the front end connects: <c>unix</c> socket, <c>pty</c> pair or real <c>tty</c>.</summary>
public sealed record LinkConfig
{
    /// <summary>"unix", "pty" or "tty" in the file.</summary>
    public required LinkKind Kind { get; init; }

    /// <summary>unix: socket path; pty: path of the symlink to the front end's end; tty: device.</summary>
    public required string Path { get; init; }

    /// <summary>Line speed for "tty".</summary>
    public int Baud { get; init; } = 115200;

    /// <summary>"native" (docs/protocol.md) or "commmodule-v1" (the legacy CommModule link, docs/protocol.md "Legacy mode") in the file.</summary>
    public LinkProtocol Protocol { get; init; } = LinkProtocol.Native;

    /// <summary>"unix": connections served at once; one more is answered "retry later" and closed.</summary>
    public int MaxConnections { get; init; } = 32;

    /// <summary>
    /// "unix": a connection that neither sent nor was sent a frame for this long is closed. More
    /// than limits.answerTimeoutSeconds, so a front end waiting for its answer is never idle.
    /// </summary>
    public int IdleTimeoutSeconds { get; init; } = 300;
}

/// <summary>
/// The legacy CommModule link names roots and profiles by number; these maps turn the
/// numbers into this installation's names. Numbers not listed are refused.
/// </summary>
public sealed record LegacyConfig
{
    public IReadOnlyDictionary<string, string> Roots { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Profiles { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Seconds during which the same legacy request (same content) is a resend and gets the stored
    /// answer; after them it is a new request (a renewal), counted from its first sighting.
    /// </summary>
    public int ReplayWindowSeconds { get; init; } = 300;
}

/// <summary>Spool quotas; past them the comm handler answers "retry later".</summary>
public sealed record SpoolLimitsConfig
{
    public int MaxPendingEntries { get; init; } = 2000;

    public long MaxPendingBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Seconds the comm handler waits for the signer before answering "unavailable".</summary>
    public int AnswerTimeoutSeconds { get; init; } = 60;
}

public sealed record UsersConfig
{
    public string? Comm { get; init; }

    public string? Signer { get; init; }

    public string? Group { get; init; }
}

/// <summary>The one PKCS#11 token the signer opens (one context, in the signer only).</summary>
public sealed record Pkcs11Config
{
    /// <summary>Absolute path of the PKCS#11 module (for SoftHSM2: /usr/lib/softhsm/libsofthsm2.so).</summary>
    public required string Module { get; init; }

    public required string TokenLabel { get; init; }

    /// <summary>The user PIN: "credential:NAME" or, in development installations, the path of a 0600 file.</summary>
    public required string PinFile { get; init; }
}

/// <summary>One CA root (or sub-CA): its key, its certificate and the profiles it serves.</summary>
public sealed record RootConfig
{
    public required string Name { get; init; }

    /// <summary>
    /// The root's versioned key directory (docs/key-management.md): versions/N/key.pem and
    /// versions/N/cert.pem, and the symlink <c>current</c> naming the version in use. key.pem
    /// is a PKCS#8 key (plain, or encrypted with <see cref="PassphraseFile"/>) or a
    /// <c>pkcs11:token=T;object=L</c> URI naming a key on the token of <see cref="InstallationConfig.Pkcs11"/>.
    /// </summary>
    public required string KeyDirectory { get; init; }

    /// <summary>
    /// For "ENCRYPTED PRIVATE KEY" files: "credential:NAME" (systemd LoadCredential, read from
    /// $CREDENTIALS_DIRECTORY) or, in development installations, the path of a 0600 file.
    /// </summary>
    public string? PassphraseFile { get; init; }

    /// <summary>Names of entries in <see cref="InstallationConfig.Profiles"/> this root issues under.</summary>
    public required IReadOnlyList<string> Profiles { get; init; }

    /// <summary>URL put in the CRL distribution point extension, if any.</summary>
    public string? CrlUrl { get; init; }

    /// <summary>URL of this CA's certificate put in Authority Information Access, if any.</summary>
    public string? CaIssuersUrl { get; init; }

    /// <summary>OCSP responder URL put in Authority Information Access, if any.</summary>
    public string? OcspUrl { get; init; }
}

/// <summary>
/// A certificate profile as written in the config. Everything the certificate contains
/// beyond the requester's public key and the filtered subject/SAN comes from here.
/// </summary>
public sealed record ProfileConfig
{
    public required int ValidityDays { get; init; }

    /// <summary>basicConstraints cA. Only a CA profile may issue a certificate with CA:TRUE.</summary>
    public bool Ca { get; init; }

    public int? PathLength { get; init; }

    /// <summary>RFC 5280 4.2.1.3 names: digitalSignature, nonRepudiation, keyEncipherment,
    /// dataEncipherment, keyAgreement, keyCertSign, cRLSign.</summary>
    public required IReadOnlyList<string> KeyUsage { get; init; }

    /// <summary>serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning.</summary>
    public IReadOnlyList<string> ExtendedKeyUsage { get; init; } = [];

    /// <summary>Subject attributes kept from the CSR (CN, O, OU, C, ST, L, emailAddress); others are dropped.</summary>
    public required IReadOnlyList<string> SubjectAttributes { get; init; }

    /// <summary>SAN types copied from the CSR: dns, email, ip, xmpp (otherName XmppAddr). Others in the CSR refuse the request.</summary>
    public IReadOnlyList<string> SanTypes { get; init; } = [];

    public bool RequireSan { get; init; }

    /// <summary>
    /// A request may leave out the commonName (when CN is in <see cref="SubjectAttributes"/>, it
    /// is otherwise required). Either way a CN, in a profile with SAN types, must be one of the SANs.
    /// </summary>
    public bool CommonNameOptional { get; init; }

    /// <summary>Issue wildcard DNS names (*.example.org: one leftmost "*" label over two or more labels); needs "dns" in <see cref="SanTypes"/>.</summary>
    public bool WildcardDnsNames { get; init; }

    public int RsaMinBits { get; init; } = 2048;

    public int RsaMaxBits { get; init; } = 8192;

    /// <summary>Allowed EC curves: P-256, P-384, P-521.</summary>
    public IReadOnlyList<string> Curves { get; init; } = ["P-256", "P-384"];

    /// <summary>Certificate policy OIDs (dotted).</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Put a Freshest CRL extension (RFC 5280 4.2.1.15) pointing at crl.deltaCrlUrl in certificates of this profile.</summary>
    public bool FreshestCrl { get; init; }

    /// <summary>Refuse a public key that this CA has already certified (under any profile).</summary>
    public bool UniqueKey { get; init; }

    /// <summary>Adds id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1), for OCSP responder certificates.</summary>
    public bool OcspNoCheck { get; init; }

    /// <summary>
    /// Whether a front end may ask for this profile over the link. Unset, a profile that makes
    /// CA certificates (<see cref="Ca"/>) or OCSP responders (OCSPSigning) is ceremony-only:
    /// issued on the signing host by the operator (`privsep-signerd ceremony sign-csr`), the
    /// request and the confirmation in the audit log. Every other profile is open to the link.
    /// </summary>
    public bool? LinkReachable { get; init; }

    /// <summary>RFC 5280 4.2.1.10 name constraints put (critical) in certificates of a CA profile.</summary>
    public NameConstraintsConfig? NameConstraints { get; init; }

    /// <summary>Extended key usage name of OCSP responders (RFC 6960 4.2.2.2), as profiles spell it.</summary>
    public const string OcspSigningName = "OCSPSigning";

    /// <summary>Whether certificates of this profile can issue certificates (cA) or speak for the CA about them (OCSP responder).</summary>
    public bool MakesCaOrResponder() => Ca || ExtendedKeyUsage.Contains(OcspSigningName, StringComparer.Ordinal);

    /// <summary>The effective choice of <see cref="LinkReachable"/>: a sub-CA or OCSP responder is never issued over the link unless opened explicitly.</summary>
    public bool ReachableOverLink() => LinkReachable ?? !MakesCaOrResponder();

    /// <summary>The refusal, in the comm handler's screen and again in the signer, of a ceremony-only profile asked for over the link.</summary>
    public static string CeremonyOnlyRefusal(string profile) =>
        $"CeremonyOnly: profile \"{profile}\" makes CA or OCSP-responder certificates and is not open to the link; the operator issues them on the signing host (privsep-signerd ceremony sign-csr)";
}

/// <summary>
/// RFC 5280 4.2.1.10: the subtrees a sub-CA may (permitted) and may not (excluded) issue names
/// in. DNS subtrees are host names: "example.org" covers example.org and every name below it.
/// Mail subtrees are a mailbox ("ops@example.org"), a host ("example.org") or a domain
/// (".example.org": every host below it).
/// </summary>
public sealed record NameConstraintsConfig
{
    public IReadOnlyList<string> PermittedDns { get; init; } = [];

    public IReadOnlyList<string> ExcludedDns { get; init; } = [];

    public IReadOnlyList<string> PermittedEmail { get; init; } = [];

    public IReadOnlyList<string> ExcludedEmail { get; init; } = [];
}

/// <summary>The signer never sets its clock from the front end; it only compares.</summary>
public sealed record TimePolicyConfig
{
    /// <summary>
    /// Refuse to sign while |signer - front end| exceeds this (seconds). An hour: an offline host
    /// visited quarterly drifts minutes, and the signer must not stop at unpredictable moments;
    /// the warning below comes long before.
    /// </summary>
    public int MaxOffsetSeconds { get; init; } = 3600;

    /// <summary>Warn (audit log, `status`) while |signer - front end| exceeds this (seconds), and keep signing; unset: 60 or the refusal bound if lower.</summary>
    public int? WarnOffsetSeconds { get; init; }

    /// <summary>The warning threshold in effect.</summary>
    public int EffectiveWarnOffsetSeconds => WarnOffsetSeconds ?? Math.Min(60, MaxOffsetSeconds);

    /// <summary>notBefore is set this far before the signing time (seconds), for relying parties with slow clocks.</summary>
    public int BackdateSeconds { get; init; } = 300;
}

/// <summary>How CRLs are made (RFC 5280 5): numbers are stored, never derived from the clock.</summary>
public sealed record CrlPolicyConfig
{
    /// <summary>nextUpdate - thisUpdate of a full CRL.</summary>
    public int ValidityHours { get; init; } = 168;

    /// <summary>A full CRL is re-signed this long before its nextUpdate even if nothing changed.</summary>
    public int ResignBeforeHours { get; init; } = 48;

    /// <summary>nextUpdate - thisUpdate of a delta CRL.</summary>
    public int DeltaValidityHours { get; init; } = 24;

    /// <summary>Entries of expired certificates stay on the CRL this long after expiry.</summary>
    public int ExpiredLookbackDays { get; init; } = 90;

    /// <summary>URL of the delta CRL put in full CRLs' Freshest CRL extension (RFC 5280 5.2.6), if any;
    /// "{root}" is replaced by the root's name. Relying parties (openssl -use_deltas) only look
    /// for deltas when it is present.</summary>
    public string? DeltaCrlUrl { get; init; }
}

/// <summary>
/// Where both daemons send their RFC 5424 stream and how it is sealed. Each daemon has its own
/// chain key, a file of 32 random bytes (hex) that the log collector also holds; in production
/// it is a systemd credential ("credential:NAME" resolves under $CREDENTIALS_DIRECTORY), the
/// same name in both units, loaded from each daemon's own file.
/// </summary>
public sealed record LoggingConfig
{
    /// <summary>In <see cref="MacKeyFile"/>: replaced by "signer" or "comm", the daemon whose key it is.</summary>
    public const string DaemonPlaceholder = "{daemon}";

    /// <summary>
    /// The chain key: "credential:audit-chain-key" under systemd (each unit loads its own file
    /// under that name), or a path, in which <see cref="DaemonPlaceholder"/> gives each daemon
    /// its own file (development installations: "audit-chain-key.{daemon}").
    /// </summary>
    public string? MacKeyFile { get; init; }

    public int HeartbeatSeconds { get; init; } = 60;

    public IReadOnlyList<LogTargetConfig> Targets { get; init; } = [];
}

/// <summary>One log target: "unix-datagram" (a syslog socket), "tty" (a serial line), "file" or "stdout".</summary>
public sealed record LogTargetConfig
{
    public required string Kind { get; init; }

    public string? Path { get; init; }

    public int Baud { get; init; } = 115200;
}
