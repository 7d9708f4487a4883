using Mono.Unix.Native;

namespace PrivSepSigner.Posix.Accounts;

/// <summary>
/// A daemon runs as exactly its configured user with the shared group as its only group.
/// Started as root (outside systemd), it drops to that user and group before it opens
/// anything from the spool, and proves the drop cannot be undone. Started as any other
/// user, it refuses to run unless that user is the configured one.
/// </summary>
public static class PrivilegeDrop
{
    public static void BecomeOrRefuse(string role, uint uid, uint gid)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        if (Syscall.geteuid() == 0 && uid != 0)
        {
            // Order matters: groups and gid while still root, uid last.
            Check(Syscall.setgroups(1, [gid]), "setgroups");
            Check(Syscall.setresgid(gid, gid, gid), "setresgid");
            Check(Syscall.setresuid(uid, uid, uid), "setresuid");
            if (Syscall.setuid(0) == 0 || Syscall.geteuid() == 0)
            {
                throw new InvalidOperationException($"{role}: root privileges could be regained after dropping them; refusing to run");
            }
        }

        if (Syscall.geteuid() != uid || Syscall.getuid() != uid)
        {
            throw new InvalidOperationException($"{role}: must run as uid {uid}, runs as uid {Syscall.geteuid()}; refusing to run");
        }

        if (Syscall.getegid() != gid)
        {
            throw new InvalidOperationException($"{role}: must run with gid {gid} (the shared group), runs with gid {Syscall.getegid()}; refusing to run");
        }
    }

    /// <summary>
    /// Refuses at once when started as neither root nor the configured user, before anything
    /// (even the link) is opened with the wrong identity.
    /// </summary>
    public static void RequireRootOr(string role, uint uid)
    {
        var euid = Syscall.geteuid();
        if (euid != 0 && euid != uid)
        {
            throw new InvalidOperationException($"{role}: must run as uid {uid} (or start as root and drop to it), runs as uid {euid}; refusing to run");
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Stdlib.GetLastError()}; refusing to run");
        }
    }
}
