using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using PrivSepSigner.Configuration;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>
/// A real two-user installation: packaging/install.sh lays the programs packaging/publish.sh
/// built onto a temporary root, the two system users exist, CA keys belong to the signer user only, and both
/// daemons are started as root so that each drops to its own user by itself. Needs root
/// (CI runs as root): user creation and the privilege drop cannot be faked.
/// </summary>
public sealed partial class InstalledSystem : IAsyncLifetime
{
    public const string CommUser = "privsep-comm";
    public const string SignerUser = "privsep-signerd";
    public const string SharedGroup = "privsep";

    private readonly StringBuilder log = new();
    private readonly List<Process> daemons = [];

    public string Root { get; private set; } = "";

    public string Lib => Path.Combine(Root, "usr/lib/privsep-signer");

    public string ConfigPath => Path.Combine(Root, "etc/privsep-signer/config.json");

    public string Spool => Path.Combine(Root, "var/spool/privsep-signer");

    public string State => Path.Combine(Root, "var/lib/privsep-signer");

    public string Link => Path.Combine(Root, "run/privsep-signer/link");

    public string KeyDirectory(string root) => Path.Combine(Root, "etc/privsep-signer/keys", root);

    public string KeyFile(string root) => Path.Combine(KeyDirectory(root), "versions/1/key.pem");

    public string CertFile(string root) => Path.Combine(KeyDirectory(root), "versions/1/cert.pem");

    public Process Comm => daemons[1];

    public Process Signer => daemons[0];

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Assert.True(Geteuid() == 0, "the deployment tests create Unix users and must run as root (CI does)");
        await EnsureAccountsAsync();
        var dir = Directory.CreateTempSubdirectory("pss-install-");
        File.SetUnixFileMode(dir.FullName, (UnixFileMode)0b111_101_101);
        Root = dir.FullName;
        await MustAsync("bash", Repo.PathOf("packaging", "install.sh"), Root, "--relocate", "--prebuilt", await PublishedBuild.EnsureAsync());
        await WriteConfigWithKeysAsync();
        StartDaemon("privsep-signerd");
        StartDaemon("privsep-comm");
        await WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var p in daemons)
        {
            if (!p.HasExited)
            {
                _ = Kill(p.Id, 15);
                if (!p.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    p.Kill();
                }
            }

            p.Dispose();
        }

        if (Root.Length > 0)
        {
            await Tool.RunAsync("rm", ["-rf", Root]);
        }
    }

    /// <summary>Stops the signer (SIGTERM) and starts it again, as `systemctl restart` would; returns once the link answers.</summary>
    public async Task RestartSignerAsync()
    {
        var old = daemons[0];
        _ = Kill(old.Id, 15);
        Assert.True(old.WaitForExit(TimeSpan.FromSeconds(30)), "the signer did not stop");
        old.Dispose();
        daemons[0] = StartDaemon("privsep-signerd", track: false);
        await WaitReadyAsync();
    }

    /// <summary>Runs a command as the comm user with the shared group, as a compromised comm handler would.</summary>
    public Task<ProcessResult> AsCommUserAsync(params string[] command) =>
        Tool.RunAsync("runuser", ["-u", CommUser, "-g", SharedGroup, "--", .. command]);

    public static async Task<uint> UidAsync(string user) =>
        uint.Parse((await MustAsync("id", "-u", user)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<uint> GidAsync(string group) =>
        uint.Parse((await MustAsync("getent", "group", group)).Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string> MustAsync(string file, params string[] args)
    {
        var r = await Tool.RunAsync(file, args, TimeSpan.FromMinutes(8));
        Assert.True(r.ExitCode == 0, $"{file} {string.Join(' ', args)}\n{r}");
        return r.Stdout;
    }

    public Process StartDaemon(string name, bool track = true)
    {
        var info = new ProcessStartInfo(Path.Combine(Lib, name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(ConfigPath);
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (track)
        {
            daemons.Add(p);
        }

        return p;
    }

    private static async Task EnsureAccountsAsync()
    {
        // Exit status 9 means "already exists": the accounts persist across runs, like sysusers.d.
        foreach (var (cmd, args) in new (string, string[])[]
        {
            ("groupadd", ["--system", SharedGroup]),
            ("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", CommUser]),
            ("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", SignerUser]),
        })
        {
            var r = await Tool.RunAsync(cmd, args);
            Assert.True(r.ExitCode is 0 or 9, r.ToString());
        }
    }

    /// <summary>CA keys from a development init, moved into the signer's key directory.</summary>
    private async Task WriteConfigWithKeysAsync()
    {
        var dev = Path.Combine(Root, "dev-init");
        await MustAsync(Path.Combine(Lib, "privsep-signer"), "init", dev, "--link-kind", "unix");
        var devConfig = ConfigLoader.Load(Path.Combine(dev, "config.json"));
        var roots = new List<RootConfig>();
        foreach (var r in devConfig.Roots)
        {
            // The versioned key directory as the ceremony made it (versions/1 and the current link).
            var keyDir = KeyDirectory(r.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(keyDir)!);
            await MustAsync("cp", "-a", r.KeyDirectory, keyDir);
            await MustAsync("chown", "-R", $"{SignerUser}:{SignerUser}", keyDir);
            await MustAsync("chmod", "0700", keyDir);
            await MustAsync("chmod", "0600", KeyFile(r.Name));
            await MustAsync("chmod", "0644", CertFile(r.Name));
            roots.Add(r with { KeyDirectory = keyDir });
        }

        var pgpDir = Path.Combine(Root, "etc/privsep-signer/keys/openpgp");
        Directory.CreateDirectory(pgpDir);
        var pgpKey = Path.Combine(pgpDir, "secret.asc");
        File.Copy(devConfig.OpenPgpKeyFile!, pgpKey);
        await MustAsync("chown", "-R", $"{SignerUser}:{SignerUser}", pgpDir);
        await MustAsync("chmod", "0700", pgpDir);
        await MustAsync("chmod", "0600", pgpKey);
        Directory.Delete(dev, recursive: true);
        var config = devConfig with
        {
            SpoolDir = Spool,
            StateDir = State,
            Link = new LinkConfig { Kind = LinkKind.Unix, Path = Link },
            Users = new UsersConfig { Comm = CommUser, Signer = SignerUser, Group = SharedGroup },
            Roots = roots,
            OpenPgpKeyFile = pgpKey,
            Logging = new LoggingConfig(), // stderr only here; the sealed stream is tested in EndToEnd and Logging.Tests

            // The comm handler's quota counts every name in incoming (what the comm user made
            // there counts against it); the flood test's 10,200 directories must pass it to reach
            // the signer, which lists at most SpoolLimits.MaxListed names at a time.
            Limits = devConfig.Limits with { MaxPendingEntries = 20_000 },
        };
        File.WriteAllText(ConfigPath, ConfigLoader.Serialize(config));
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (daemons.Any(d => d.HasExited))
            {
                throw new InvalidOperationException($"a daemon exited at start:\n{Log}");
            }

            if (File.Exists(Link))
            {
                try
                {
                    await using var client = LinkClient.Open(Link);
                    var body = MessageCodec.Serialize(new StatusRequest { RequestId = "ready", FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                    if ((await client.RequestAsync(MessageType.StatusRequest, body, "ready", TimeSpan.FromSeconds(5))).Type == MessageType.StatusResponse)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is IOException or TimeoutException)
                {
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"installed system did not become ready:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
