using System.Text;
using System.Text.RegularExpressions;

namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>
/// What each confined program did to the file system, from the live scenario's strace of PID 1
/// (<c>strace -f -z -y</c>: every process systemd started, successful calls only, each fd with
/// its resolved path). A process belongs to a profile from its own execve on: the signer and
/// comm daemons by their binary, a key ceremony (the signer binary with "ceremony") by the
/// profile README's systemd-run gives it. Each call becomes the AppArmor permission it needs:
/// open r/w (O_PATH opens are not mediated), mmap of a file with PROT_EXEC m, create, unlink,
/// rename, mkdir, mknod, chmod and connect/bind of a socket path w, link l, exec x.
/// Directories carry their trailing '/', as AppArmor matches them.
/// </summary>
public static partial class TraceRecord
{
    public const string Signer = "privsep-signerd";
    public const string Comm = "privsep-comm";
    public const string Ceremony = "privsep-signerd-ceremony";

    public static IReadOnlyList<PathAccess> Parse(IEnumerable<string> lines, IReadOnlySet<string> directories)
    {
        var profileOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var unfinished = new Dictionary<string, string>(StringComparer.Ordinal);
        var accesses = new HashSet<PathAccess>();
        foreach (var raw in lines)
        {
            var m = CallLine().Match(raw);
            if (!m.Success)
            {
                continue;
            }

            var (pid, rest) = (m.Groups["pid"].Value, m.Groups["rest"].Value);
            if (rest.EndsWith("<unfinished ...>", StringComparison.Ordinal))
            {
                unfinished[pid] = rest[..^"<unfinished ...>".Length];
                continue;
            }

            if (Resumed().Match(rest) is { Success: true } resumed)
            {
                if (!unfinished.Remove(pid, out var start))
                {
                    continue;
                }

                rest = start + resumed.Groups["tail"].Value;
            }

            var call = Call().Match(rest);
            if (!call.Success)
            {
                continue;
            }

            var (name, args, ret) = (call.Groups["name"].Value, SplitArguments(call.Groups["args"].Value), call.Groups["ret"].Value);
            profileOf.TryGetValue(pid, out var profile);
            switch (name)
            {
                case "clone" or "clone3" or "fork" or "vfork":
                    if (profile is not null && Number().Match(ret) is { Success: true } child)
                    {
                        profileOf[child.Value] = profile;
                    }

                    continue;
                case "execve" or "execveat":
                    var image = Unquote(args[name == "execve" ? 0 : 1]);
                    if (profile is not null)
                    {
                        accesses.Add(new PathAccess(profile, image, "x", name));
                    }

                    var argv = args[name == "execve" ? 1 : 2];
                    profileOf[pid] = image switch
                    {
                        "/usr/lib/privsep-signer/privsep-signerd" when argv.Contains("\"ceremony\"", StringComparison.Ordinal) => Ceremony,
                        "/usr/lib/privsep-signer/privsep-signerd" => Signer,
                        "/usr/lib/privsep-signer/privsep-comm" => Comm,
                        _ => null!,
                    };
                    if (profileOf[pid] is null)
                    {
                        profileOf.Remove(pid);
                    }

                    continue;
            }

            if (profile is null)
            {
                continue;
            }

            foreach (var (path, perms) in Needs(name, args, ret))
            {
                var full = Normalize(path);
                var dir = full.EndsWith('/') || directories.Contains(full.TrimEnd('/'));
                accesses.Add(new PathAccess(profile, dir && full != "/" ? full.TrimEnd('/') + "/" : full, perms, name));
            }
        }

        return [.. accesses.OrderBy(a => a.Profile, StringComparer.Ordinal).ThenBy(a => a.Path, StringComparer.Ordinal).ThenBy(a => a.Permissions, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A recorded path with what varies from run to run made a wildcard (process and thread
    /// ids, spool entry names, temporary names, key versions, the runtime's version, token
    /// object ids, transient unit numbers), for a list a person can read.
    /// </summary>
    public static string Generalize(string path)
    {
        foreach (var (pattern, replacement) in Generalizations)
        {
            path = pattern.Replace(path, replacement);
        }

        return path;
    }

    private static readonly (Regex Pattern, string Replacement)[] Generalizations =
    [
        (new Regex(@"^/proc/\d+/", RegexOptions.CultureInvariant), "/proc/@{pid}/"),
        (new Regex(@"/task/\d+/", RegexOptions.CultureInvariant), "/task/@{tid}/"),
        (new Regex(@"[0-9a-f]{13}-[0-9a-f]{16}(\.[0-9a-f]{16})?", RegexOptions.CultureInvariant), "*"),
        (new Regex(@"\.tmp-[0-9a-f]{16}", RegexOptions.CultureInvariant), ".tmp-*"),
        (new Regex(@"/versions/\d+/", RegexOptions.CultureInvariant), "/versions/*/"),
        (new Regex(@"/pending-[0-9a-f]{8}/", RegexOptions.CultureInvariant), "/pending-*/"),
        (new Regex(@"/Microsoft\.NETCore\.App/[0-9.]+[^/]*/", RegexOptions.CultureInvariant), "/Microsoft.NETCore.App/*/"),
        (new Regex(@"/fxr/[0-9.]+[^/]*/", RegexOptions.CultureInvariant), "/fxr/*/"),
        (new Regex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant), "*"),
        (new Regex(@"/run-u\d+\.service/", RegexOptions.CultureInvariant), "/run-u*.service/"),
    ];

    private static IEnumerable<(string Path, string Perms)> Needs(string name, List<string> args, string ret)
    {
        switch (name)
        {
            case "open" or "openat" or "openat2" or "creat":
                var flags = name switch { "creat" => "O_WRONLY|O_CREAT", "open" => args[1], _ => args[2] };
                if (flags.Contains("O_PATH", StringComparison.Ordinal) || FdPath(ret) is not { } opened)
                {
                    yield break;
                }

                var perms = flags.Contains("O_RDWR", StringComparison.Ordinal) ? "rw" : flags.Contains("O_WRONLY", StringComparison.Ordinal) ? "w" : "r";
                if (perms == "r" && (flags.Contains("O_CREAT", StringComparison.Ordinal) || flags.Contains("O_TRUNC", StringComparison.Ordinal)))
                {
                    perms = "rw";
                }

                yield return (opened, perms);
                break;
            case "mmap" when args.Count > 4 && args[2].Contains("PROT_EXEC", StringComparison.Ordinal) && FdPath(args[4]) is { } mapped:
                yield return (mapped, "m");
                break;
            case "unlink" or "rmdir" or "mkdir" or "mknod" or "chmod" or "truncate":
                yield return (Unquote(args[0]) + (name is "rmdir" or "mkdir" ? "/" : ""), "w");
                break;
            case "unlinkat":
                yield return (At(args[0], args[1]) + (args[2].Contains("AT_REMOVEDIR", StringComparison.Ordinal) ? "/" : ""), "w");
                break;
            case "mkdirat":
                yield return (At(args[0], args[1]) + "/", "w");
                break;
            case "mknodat" or "fchmodat":
                yield return (At(args[0], args[1]), "w");
                break;
            case "rename":
                yield return (Unquote(args[0]), "w");
                yield return (Unquote(args[1]), "w");
                break;
            case "renameat" or "renameat2":
                yield return (At(args[0], args[1]), "w");
                yield return (At(args[2], args[3]), "w");
                break;
            case "link":
                yield return (Unquote(args[1]), "l");
                break;
            case "linkat":
                yield return (At(args[2], args[3]), "l");
                break;
            case "symlink":
                yield return (Unquote(args[1]), "w");
                break;
            case "symlinkat":
                yield return (At(args[1], args[2]), "w");
                break;
            case "connect" or "bind" when SocketPath().Match(args.Count > 1 ? args[1] : "") is { Success: true } socket:
                yield return (socket.Groups[1].Value, "w");
                break;
        }
    }

    /// <summary>The path of an fd argument (<c>5&lt;/var/spool&gt;</c>, <c>AT_FDCWD&lt;/&gt;</c>) joined with a path argument.</summary>
    private static string At(string dirFd, string path)
    {
        var name = Unquote(path);
        return name.StartsWith('/') ? name : (FdPath(dirFd) ?? "/") + "/" + name;
    }

    private static string? FdPath(string text) => FdAnnotation().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static string Normalize(string path)
    {
        var trailing = path.EndsWith('/') && path.Length > 1;
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts) + (trailing && parts.Count > 0 ? "/" : "");
    }

    private static string Unquote(string arg)
    {
        var s = arg.Trim();
        if (s.Length < 2 || s[0] != '"')
        {
            return s;
        }

        var text = new StringBuilder();
        for (var i = 1; i < s.Length && s[i] != '"'; i++)
        {
            text.Append(s[i] == '\\' && i + 1 < s.Length ? s[++i] : s[i]);
        }

        return text.ToString();
    }

    /// <summary>Top-level comma-separated arguments; quotes, brackets, braces and fd annotations keep their commas.</summary>
    private static List<string> SplitArguments(string text)
    {
        var args = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '[' or '{' or '(' or '<':
                    depth++;
                    break;
                case ']' or '}' or ')' or '>':
                    depth--;
                    break;
                case ',' when depth == 0:
                    args.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        args.Add(text[start..].Trim());
        return args;
    }

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<rest>.*)$")]
    private static partial Regex CallLine();

    [GeneratedRegex(@"^<\.\.\. \w+ resumed>(?<tail>.*)$")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(?<name>\w+)\((?<args>.*)\)\s+=\s+(?<ret>.*)$")]
    private static partial Regex Call();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"<(/[^>]*)>")]
    private static partial Regex FdAnnotation();

    [GeneratedRegex(@"sun_path=""(/[^""]*)""")]
    private static partial Regex SocketPath();
}
