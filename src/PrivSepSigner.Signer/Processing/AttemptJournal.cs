using System.Globalization;
using System.Text;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Signer.Processing;

/// <summary>
/// Counts, per incoming entry, how often processing it failed, also across signer restarts, so
/// that no single entry can stop the CA (Postfix's rule for a message that kills its delivery
/// agent). The entries of every batch are written here as "in flight" before they are read; if
/// the process dies (a crash, an out-of-memory kill, a native fault), the next start finds them
/// still marked and counts one failed attempt each. Entries that failed are then processed one at
/// a time, and one that fails <see cref="MaxAttempts"/> times is set aside.
/// </summary>
/// <remarks>
/// The file lives in the signer's private state directory and is rewritten in place without
/// fsync: a crash of the process keeps what the kernel already holds, and what a power cut loses
/// costs at most more attempts, never an entry. Its content is parsed strictly (names as in the
/// spool, counts 1..MaxAttempts); anything else is ignored line by line.
/// </remarks>
internal sealed class AttemptJournal : IDisposable
{
    /// <summary>Failed attempts after which an entry is set aside (quarantined and answered with an error).</summary>
    public const int MaxAttempts = 3;

    private const int MaxRecorded = 10_000;
    private const string InFlightMark = "*";

    private readonly FileStream file;
    private readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly HashSet<string> inFlight = new(StringComparer.Ordinal);

    private AttemptJournal(FileStream file) => this.file = file;

    /// <summary>Entries that died with the previous process, with their new failure counts.</summary>
    public IReadOnlyDictionary<string, int> Recovered { get; private set; } = new Dictionary<string, int>();

    /// <summary>Opens (or creates, 0600) the journal and counts one failure for every entry the previous process died with.</summary>
    public static AttemptJournal Open(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            Options = FileOptions.None,
        };
        var journal = new AttemptJournal(new FileStream(path, options));
        journal.Load();
        return journal;
    }

    /// <summary>Failed attempts recorded for an entry (0 if none).</summary>
    public int Failures(string name) => failures.GetValueOrDefault(name);

    /// <summary>Names with at least one failed attempt, oldest name first.</summary>
    public IReadOnlyList<string> Failed => failures.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Marks entries as being processed; written before any of them is read.</summary>
    public void Begin(IEnumerable<string> names)
    {
        inFlight.UnionWith(names);
        Save();
    }

    /// <summary>The entries were answered and committed (or set aside): forget them.</summary>
    public void Done(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            inFlight.Remove(name);
            failures.Remove(name);
        }

        Save();
    }

    /// <summary>The entries were not processed after all (their batch was dropped for a reason of its own): no attempt is counted.</summary>
    public void Release(IEnumerable<string> names)
    {
        var before = inFlight.Count;
        inFlight.ExceptWith(names);
        if (inFlight.Count != before)
        {
            Save();
        }
    }

    /// <summary>Processing the entries failed without killing the process: one more failed attempt each.</summary>
    /// <returns>The new failure counts.</returns>
    public IReadOnlyDictionary<string, int> Fail(IEnumerable<string> names)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            inFlight.Remove(name);
            counts[name] = Count(name);
        }

        Save();
        return counts;
    }

    public void Dispose() => file.Dispose();

    private int Count(string name)
    {
        var n = Math.Min(failures.GetValueOrDefault(name) + 1, MaxAttempts);
        if (failures.ContainsKey(name) || failures.Count < MaxRecorded)
        {
            failures[name] = n;
        }

        return n;
    }

    private void Load()
    {
        file.Position = 0;
        using var reader = new StreamReader(file, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var died = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // "<name> <failures>" or "<name> <failures> *" for an entry that was in flight.
            var parts = line.Split(' ');
            if (parts.Length is < 2 or > 3 || !SpoolNames.IsValid(parts[0])
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 0 or > MaxAttempts
                || (parts.Length == 3 && parts[2] != InFlightMark))
            {
                continue;
            }

            if (n > 0 && failures.Count < MaxRecorded)
            {
                failures[parts[0]] = n;
            }

            if (parts.Length == 3)
            {
                died.Add(parts[0]);
            }
        }

        Recovered = died.Distinct(StringComparer.Ordinal).ToDictionary(name => name, Count, StringComparer.Ordinal);
        Save();
    }

    private void Save()
    {
        var text = new StringBuilder();
        foreach (var name in failures.Keys.Union(inFlight, StringComparer.Ordinal))
        {
            text.Append(name).Append(' ').Append(failures.GetValueOrDefault(name).ToString(CultureInfo.InvariantCulture));
            text.Append(inFlight.Contains(name) ? " " + InFlightMark + "\n" : "\n");
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        file.Position = 0;
        file.Write(bytes);
        file.SetLength(bytes.Length);
        file.Flush(flushToDisk: false);
    }
}
