namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// Raises <see cref="Changed"/> when ROOTDIR/current is switched to another version. Uses a
/// FileSystemWatcher on ROOTDIR for promptness and a periodic re-check of the link target,
/// because inotify events can be lost (queue overflow) and are not delivered on every
/// filesystem. The event is a hint: the handler loads the new version with
/// <see cref="KeyVersionReader"/>, which decides what is actually read, builds a new signing
/// context for new requests and lets in-flight ones finish with the old one (REFERENCE 1).
/// Handlers run on a thread-pool thread; an exception from a handler is reported through
/// <see cref="Error"/> and does not stop the watcher.
/// </summary>
public sealed class KeyVersionWatcher : IDisposable
{
    private readonly string rootDir;
    private readonly FileSystemWatcher watcher;
    private readonly Timer timer;
    private readonly Lock gate = new();
    private string? current;
    private bool disposed;

    public KeyVersionWatcher(string rootDir, TimeSpan pollInterval)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDir);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        this.rootDir = Path.GetFullPath(rootDir);
        current = ReadTarget();
        watcher = new FileSystemWatcher(this.rootDir)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
            IncludeSubdirectories = false,
        };
        watcher.Created += (_, _) => Check();
        watcher.Renamed += (_, _) => Check();
        watcher.Deleted += (_, _) => Check();
        watcher.Error += (_, e) => RaiseError(e.GetException());
        timer = new Timer(_ => Check(), null, pollInterval, pollInterval);
        watcher.EnableRaisingEvents = true;
    }

    /// <summary>The version <c>current</c> named at the last check.</summary>
    public string? CurrentVersion
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    public event EventHandler<KeyVersionChangedEventArgs>? Changed;

    public event EventHandler<ErrorEventArgs>? Error;

    /// <summary>Compares the link target with the last one seen; raises <see cref="Changed"/> on a difference.</summary>
    public void Check()
    {
        KeyVersionChangedEventArgs? change = null;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            string? now;
            try
            {
                now = ReadTarget();
            }
            catch (IOException e)
            {
                RaiseError(e);
                return;
            }

            if (now != current)
            {
                change = new KeyVersionChangedEventArgs(current, now);
                current = now;
            }
        }

        if (change is not null)
        {
            try
            {
                Changed?.Invoke(this, change);
            }
            catch (Exception e)
            {
                RaiseError(e);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        watcher.Dispose();
        timer.Dispose();
    }

    private string? ReadTarget()
    {
        // readlink(2) of the link itself; a missing link or a foreign target reads as null.
        return KeyVersionLayout.VersionOfTarget(new FileInfo(Path.Join(rootDir, KeyVersionLayout.Current)).LinkTarget);
    }

    private void RaiseError(Exception e)
    {
        try
        {
            Error?.Invoke(this, new ErrorEventArgs(e));
        }
        catch (Exception)
        {
            // A failing error handler must not take the timer thread (and the process) down.
        }
    }
}
