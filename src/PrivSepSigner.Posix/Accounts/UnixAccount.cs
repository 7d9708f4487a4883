using Mono.Unix.Native;

namespace PrivSepSigner.Posix.Accounts;

/// <summary>
/// Resolves the Unix identities the two sides expect of each other's spool entries.
/// A missing name means "this process's own user" (a single-user development install).
/// </summary>
public static class UnixAccount
{
    public static uint EffectiveUid => Syscall.geteuid();

    public static uint EffectiveGid => Syscall.getegid();

    /// <summary>The uid of <paramref name="user"/>, or the effective uid when it is null.</summary>
    public static uint UidOf(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return EffectiveUid;
        }

        var pw = Syscall.getpwnam(user);
        return pw is null ? throw new InvalidOperationException($"no such user \"{user}\"") : pw.pw_uid;
    }

    /// <summary>The gid of <paramref name="group"/>, or the effective gid when it is null.</summary>
    public static uint GidOf(string? group)
    {
        if (string.IsNullOrEmpty(group))
        {
            return EffectiveGid;
        }

        var gr = Syscall.getgrnam(group);
        return gr is null ? throw new InvalidOperationException($"no such group \"{group}\"") : gr.gr_gid;
    }
}
