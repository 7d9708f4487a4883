namespace PrivSepSigner.Spool.Installation;

/// <summary>
/// The owners and modes of the spool for the two-user deployment — the same table as
/// systemd/privsep-signer.tmpfiles.conf (a test compares the two). Development installs
/// (one user) instead require every path to be the user's and closed to everybody else.
/// </summary>
public static class SpoolPermissions
{
    private const int Dir0700 = 0b111_000_000;
    private const int Dir0750 = 0b111_101_000;
    private const int Sticky1770 = 0b001_111_111_000;
    private const int Fifo0620 = 0b110_010_000;
    private const int Fifo0600 = 0b110_000_000;

    /// <summary>Everything the comm handler opens.</summary>
    public static IReadOnlyList<PathExpectation> ForComm(SpoolLayout s, ServiceIdentities ids) =>
        ids.IsDevelopment ? Development(s, ids, signerOnly: false) :
        [
            new(s.Root, PathKind.Directory, 0, ids.GroupGid, Dir0750),
            new(s.IncomingTmp, PathKind.Directory, ids.CommUid, ids.GroupGid, Dir0700),
            new(s.Incoming, PathKind.Directory, ids.SignerUid, ids.GroupGid, Sticky1770),
            new(s.AckTmp, PathKind.Directory, ids.CommUid, ids.GroupGid, Dir0700),
            new(s.Ack, PathKind.Directory, ids.SignerUid, ids.GroupGid, Sticky1770),
            new(s.Outbox, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0750),
            new(s.Crls, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0750),
            new(s.IncomingDoorbell, PathKind.Fifo, ids.SignerUid, ids.GroupGid, Fifo0620),
            new(s.OutboxDoorbell, PathKind.Fifo, ids.CommUid, ids.GroupGid, Fifo0620),
        ];

    /// <summary>
    /// Everything the signer opens in the spool that root or the signer owns: a problem here
    /// stops it. What the comm user owns is in <see cref="CommOwnedForSigner"/> instead.
    /// </summary>
    public static IReadOnlyList<PathExpectation> ForSigner(SpoolLayout s, ServiceIdentities ids) =>
        ids.IsDevelopment ? Development(s, ids, signerOnly: true) :
        [
            new(s.Root, PathKind.Directory, 0, ids.GroupGid, Dir0750),
            new(s.Incoming, PathKind.Directory, ids.SignerUid, ids.GroupGid, Sticky1770),
            new(s.Ack, PathKind.Directory, ids.SignerUid, ids.GroupGid, Sticky1770),
            new(s.OutboxTmp, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0700),
            new(s.Outbox, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0750),
            new(s.Crls, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0750),
            new(s.Quarantine, PathKind.Directory, ids.SignerUid, ids.GroupGid, Dir0700),
            new(s.IncomingDoorbell, PathKind.Fifo, ids.SignerUid, ids.GroupGid, Fifo0620),
        ];

    /// <summary>
    /// What the signer uses but the comm user owns: the comm handler's doorbell, which the signer
    /// only rings (never following a link, writing only to a FIFO). Checked and reported, never
    /// fatal: otherwise the other side could stop every signer start with one chmod, and a
    /// doorbell it broke costs only itself latency (the comm handler rescans every second).
    /// </summary>
    public static IReadOnlyList<PathExpectation> CommOwnedForSigner(SpoolLayout s, ServiceIdentities ids) =>
        ids.IsDevelopment
            ? [new(s.OutboxDoorbell, PathKind.Fifo, ids.SignerUid, null, Fifo0600)]
            : [new(s.OutboxDoorbell, PathKind.Fifo, ids.CommUid, ids.GroupGid, Fifo0620)];

    /// <summary>A private directory of the signer (state, keys): 0700, the signer's.</summary>
    public static PathExpectation PrivateDirectory(string path, ServiceIdentities ids) =>
        new(path, PathKind.Directory, ids.SignerUid, null, Dir0700);

    /// <summary>A key file: the signer's, readable by nobody else (0600 or stricter).</summary>
    public static PathExpectation KeyFile(string path, ServiceIdentities ids) =>
        new(path, PathKind.File, ids.SignerUid, null, 0b110_000_000, AllowStricter: true);

    private static List<PathExpectation> Development(SpoolLayout s, ServiceIdentities ids, bool signerOnly)
    {
        var dirs = new List<string> { s.Root, s.Incoming, s.Ack, s.Outbox, s.Crls };
        dirs.AddRange(signerOnly ? [s.OutboxTmp, s.Quarantine] : [s.IncomingTmp, s.AckTmp]);
        var list = dirs.Select(d => new PathExpectation(d, PathKind.Directory, ids.SignerUid, null, Dir0700)).ToList();
        list.Add(new(s.IncomingDoorbell, PathKind.Fifo, ids.SignerUid, null, Fifo0600));
        if (!signerOnly)
        {
            list.Add(new(s.OutboxDoorbell, PathKind.Fifo, ids.SignerUid, null, Fifo0600));
        }

        return list;
    }
}
