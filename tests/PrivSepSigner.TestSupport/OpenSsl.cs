using System.Diagnostics;

namespace PrivSepSigner.TestSupport;

/// <summary>Runs the real openssl CLI (no shell; arguments passed as a list).</summary>
public static class OpenSsl
{
    public static OpenSslResult Run(string workDir, params string[] args)
    {
        var start = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // A config-free environment: openssl must not pick up a user's defaults.
        start.Environment.Remove("OPENSSL_CONF");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("openssl " + string.Join(' ', args));
        }

        return new OpenSslResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs openssl and fails the test with its output if it exits non-zero.</summary>
    public static string Ok(string workDir, params string[] args)
    {
        var r = Run(workDir, args);
        Assert.True(r.ExitCode == 0, $"openssl {string.Join(' ', args)} exited {r.ExitCode}:\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout;
    }
}
