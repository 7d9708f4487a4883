using Mono.Unix.Native;

namespace PrivSepSigner.Spool.Installation;

/// <summary>
/// The start-up check both daemons run, in the spirit of Postfix's queue checks: every
/// path a daemon uses must exist with exactly the expected type, owner, group and mode,
/// or the daemon refuses to start with a message naming the path. Paths are examined with
/// lstat, so a symlink where a directory belongs is reported, never followed.
/// </summary>
public static class InstallationCheck
{
    public static IReadOnlyList<string> Problems(IEnumerable<PathExpectation> expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        var problems = new List<string>();
        foreach (var e in expectations)
        {
            if (Check(e) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>Throws an <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static void Require(IEnumerable<PathExpectation> expectations)
    {
        var problems = Problems(expectations);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("installation check failed: " + string.Join("; ", problems));
        }
    }

    private static string? Check(PathExpectation e)
    {
        if (Syscall.lstat(e.Path, out var st) != 0)
        {
            return $"{e.Path}: missing ({Stdlib.GetLastError()})";
        }

        var type = st.st_mode & FilePermissions.S_IFMT;
        var wanted = e.Kind switch
        {
            PathKind.Directory => FilePermissions.S_IFDIR,
            PathKind.Fifo => FilePermissions.S_IFIFO,
            _ => FilePermissions.S_IFREG,
        };
        if (type != wanted)
        {
            return $"{e.Path}: is not a {e.Kind.ToString().ToLowerInvariant()}";
        }

        if (st.st_uid != e.OwnerUid)
        {
            return $"{e.Path}: owner is uid {st.st_uid}, expected {e.OwnerUid}";
        }

        if (e.GroupGid is { } gid && st.st_gid != gid)
        {
            return $"{e.Path}: group is gid {st.st_gid}, expected {gid}";
        }

        var mode = (int)st.st_mode & 0b111_111_111_111;
        var ok = e.AllowStricter ? (mode & ~e.Mode) == 0 : mode == e.Mode;
        if (!ok)
        {
            return $"{e.Path}: mode is {Convert.ToString(mode, 8)}, expected {Convert.ToString(e.Mode, 8)}";
        }

        return null;
    }
}
