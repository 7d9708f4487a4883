using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real installation made by `privsep-signer init` and run by `privsep-signer up`: two
/// daemon processes, a real link (pseudo-terminal or Unix socket), real files.
/// </summary>
public sealed partial class SignerHost : IAsyncDisposable
{
    private readonly Process up;
    private readonly StringBuilder output = new();

    private readonly Func<string, Task<bool>> ready;

    private SignerHost(string dir, Process up, Func<string, Task<bool>>? ready)
    {
        Dir = dir;
        this.up = up;
        this.ready = ready ?? NativeStatusAsync;
    }

    public string Dir { get; }

    public string Link => Path.Combine(Dir, "link");

    public string Spool => Path.Combine(Dir, "spool");

    public string Log
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public int? ExitCode => up.HasExited ? up.ExitCode : null;

    /// <summary>Process id of `privsep-signer up`, the parent of both daemons.</summary>
    public int SupervisorPid => up.Id;

    /// <summary>The process id of a running daemon of this installation: a child of the supervisor, by its process name.</summary>
    public int DaemonPid(string name) =>
        ChildPid(up.Id, name) is var found and > 0
            ? found
            : throw new InvalidOperationException($"{name} of {Dir} is not running");

    /// <summary>The process id of a child of <paramref name="parent"/> with process name <paramref name="name"/>; 0 when there is none.</summary>
    public static int ChildPid(int parent, string name) =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .FirstOrDefault(pid => pid > 0 && ParentOf(pid) == parent && ProcessName(pid) == name);

    /// <summary>Resident memory of a process, in kB (/proc/PID/status VmRSS).</summary>
    public static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string CaFile(string root) => Path.Combine(Dir, "keys", root, "current", "cert.pem");

    /// <param name="ready">Probes the link path until the installation answers; defaults to a native StatusRequest
    /// (a link speaking another protocol, e.g. the legacy one, brings its own probe).</param>
    /// <param name="initOptions">Extra `init` options (for example the PKCS#11 token).</param>
    /// <param name="hangupIgnored">Starts `up` with SIGHUP set to SIG_IGN, as nohup or a careless parent does (inherited across exec).</param>
    public static async Task<SignerHost> StartAsync(string linkKind, string? dir = null, Action<System.Text.Json.Nodes.JsonObject>? configure = null, Func<string, Task<bool>>? ready = null, IReadOnlyList<string>? initOptions = null, bool hangupIgnored = false)
    {
        dir ??= Directory.CreateTempSubdirectory("pss-e2e-").FullName;
        // An installation prepared by the test (key ceremonies before the first start) is used as it is.
        if (!File.Exists(Installation.ConfigPath(dir)))
        {
            await Installation.InitAsync(dir, linkKind, initOptions);
        }

        if (configure is not null)
        {
            Installation.Configure(dir, configure);
        }

        var info = new ProcessStartInfo(hangupIgnored ? "/bin/sh" : Tool.Bin("privsep-signer"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (hangupIgnored)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("trap '' HUP; exec \"$0\" \"$@\"");
            info.ArgumentList.Add(Tool.Bin("privsep-signer"));
        }

        info.ArgumentList.Add("up");
        info.ArgumentList.Add(dir);
        var process = Process.Start(info)!;
        var host = new SignerHost(dir, process, ready);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitReadyAsync();
        return host;
    }

    public Task<ProcessResult> SignAsync(string root, string profile, string csrFile, params string[] extra) =>
        Tool.Cli(["sign", "--link", Link, "--root", root, "--profile", profile, "--csr", csrFile, .. extra]);

    /// <summary>
    /// `ceremony sign-csr` on this installation, as the operator on the signing host: confirmed
    /// with --confirm and the request file's SHA-256, or, given <paramref name="typed"/>, with
    /// what the operator types on stdin.
    /// </summary>
    public Task<ProcessResult> CeremonySignAsync(string root, string profile, string csrFile, string outFile, string? typed = null)
    {
        string[] args = ["ceremony", "sign-csr", "--config", Path.Combine(Dir, "config.json"), "--root", root, "--profile", profile, "--csr", csrFile, "--out", outFile];
        return typed is null
            ? Tool.Cli([.. args, "--confirm", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(csrFile)))])
            : Tool.RunAsync(Tool.Bin("privsep-signer"), args, stdin: typed);
    }

    /// <summary>Waits for a log line holding all of <paramref name="parts"/> (the journal copy is written by its own thread).</summary>
    public async Task WaitForLogLineAsync(params string[] parts)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (!Log.Split('\n').Any(l => parts.All(p => l.Contains(p, StringComparison.Ordinal))))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no log line with {string.Join(", ", parts)}:\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>Writes one request into spool/incoming past the comm handler's screen, as code running as the comm user can, and rings the doorbell.</summary>
    public void SpoolPastTheCommHandler(MessageType type, byte[] body)
    {
        var spool = new PrivSepSigner.Spool.SpoolLayout(Spool);
        using (var writer = new PrivSepSigner.Spool.Writing.SpoolWriter(spool.IncomingTmp, spool.Incoming, PrivSepSigner.Spool.SpoolModes.EntryFile))
        {
            writer.Publish(new PrivSepSigner.Spool.Format.SpoolEntry(PrivSepSigner.Spool.Format.SpoolNames.NewId(), DateTimeOffset.UtcNow, [new PrivSepSigner.Spool.Format.SpoolItem((byte)type, body)]));
        }

        PrivSepSigner.Spool.Doorbells.Doorbell.Ring(spool.IncomingDoorbell);
    }

    /// <summary>
    /// Regular files anywhere in the spool: entries in flight. Excluded, because they stay by
    /// design: FIFOs, the published CRLs in spool/crl, and the comm handler's instance lock
    /// (a dot-name, which no spool entry can have).
    /// </summary>
    public IReadOnlyList<string> SpoolFiles() =>
        Directory.EnumerateFiles(Spool, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".fifo", StringComparison.Ordinal)
                && Path.GetDirectoryName(f) != Path.Combine(Spool, "crl")
                && !Path.GetFileName(f).StartsWith('.'))
            .ToList();

    /// <summary>Waits until the spool holds no file (answers forwarded and acknowledged).</summary>
    public async Task<IReadOnlyList<string>> WaitForEmptySpoolAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var files = SpoolFiles();
            if (files.Count == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return files;
            }

            await Task.Delay(100);
        }
    }

    public IReadOnlyList<string> IssuedSerials()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT serial FROM certificates;";
        using var r = cmd.ExecuteReader();
        var serials = new List<string>();
        while (r.Read())
        {
            serials.Add(r.GetString(0));
        }

        return serials;
    }

    /// <summary>The recorded revocation reason of a serial, and whether it is revoked.</summary>
    public (int Reason, bool Revoked) Revocation(string root, string serial)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(Dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT revoked_at, revocation_reason FROM certificates WHERE root = $r AND serial = $s;";
        cmd.Parameters.AddWithValue("$r", root);
        cmd.Parameters.AddWithValue("$s", serial);
        using var row = cmd.ExecuteReader();
        Assert.True(row.Read(), $"{root}/{serial} is not in the database");
        return (row.IsDBNull(1) ? -1 : (int)row.GetInt64(1), !row.IsDBNull(0));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        up.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Stops `up` and both daemons (SIGTERM), keeping the installation for another <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!up.HasExited)
        {
            _ = Kill(up.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await up.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                up.Kill(entireProcessTree: true);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (up.HasExited)
            {
                throw new InvalidOperationException($"`up` exited with {up.ExitCode}:\n{Log}");
            }

            if (File.Exists(Link))
            {
                try
                {
                    if (await ready(Link))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
                {
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"installation in {Dir} did not become ready:\n{Log}");
    }

    private static async Task<bool> NativeStatusAsync(string link)
    {
        await using var client = LinkClient.Open(link);
        var body = MessageCodec.Serialize(new StatusRequest { RequestId = "ready", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        var frame = await client.RequestAsync(MessageType.StatusRequest, body, "ready", TimeSpan.FromSeconds(5));
        return frame.Type == MessageType.StatusResponse;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ...", and comm may contain spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
