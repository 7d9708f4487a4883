using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

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
        if (!FileStatus.TryOfPath(e.Path, out var st))
        {
            return $"{e.Path}: missing ({NativeError.Name(NativeError.Last)})";
        }

        var wanted = e.Kind switch
        {
            PathKind.Directory => FileKind.Directory,
            PathKind.Fifo => FileKind.Fifo,
            _ => FileKind.Regular,
        };
        if (st.Kind != wanted)
        {
            return $"{e.Path}: is not a {e.Kind.ToString().ToLowerInvariant()}";
        }

        if (st.Uid != e.OwnerUid)
        {
            return $"{e.Path}: owner is uid {st.Uid}, expected {e.OwnerUid}";
        }

        if (e.GroupGid is { } gid && st.Gid != gid)
        {
            return $"{e.Path}: group is gid {st.Gid}, expected {gid}";
        }

        var mode = st.Permissions;
        var ok = e.AllowStricter ? (mode & ~e.Mode) == 0 : mode == e.Mode;
        if (!ok)
        {
            return $"{e.Path}: mode is {Convert.ToString(mode, 8)}, expected {Convert.ToString(e.Mode, 8)}";
        }

        return null;
    }
}
