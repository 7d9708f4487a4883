using System.Diagnostics;

namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>
/// Whether this kernel can run a container (REFERENCE 9): the namespaces systemd-nspawn needs
/// and a cgroup hierarchy. Asked once per test run. A missing tool or a missing root account
/// is NOT a reason to skip (CI installs systemd-container and runs as root): only the kernel is.
/// </summary>
public static class ContainerSupport
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when a container can run here; otherwise what the kernel lacks.</summary>
    public static string? WhyNot => Reason.Value;

    private static string? Probe()
    {
        foreach (var ns in new[] { "mnt", "pid", "uts", "ipc", "net" })
        {
            if (!File.Exists($"/proc/self/ns/{ns}"))
            {
                return $"the kernel has no {ns} namespaces";
            }
        }

        if (!System.IO.Directory.Exists("/sys/fs/cgroup") || System.IO.Directory.GetFileSystemEntries("/sys/fs/cgroup").Length == 0)
        {
            return "no cgroup hierarchy is mounted at /sys/fs/cgroup";
        }

        if (Environment.UserName != "root")
        {
            return null; // the test itself then fails: it must run as root, as CI does
        }

        using var p = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--pid", "--uts", "--ipc", "--net", "--fork", "true"])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? null : $"creating namespaces failed: {error.Trim()}";
    }
}
