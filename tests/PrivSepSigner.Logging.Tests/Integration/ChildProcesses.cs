using System.Diagnostics;

namespace PrivSepSigner.Logging.Tests.Integration;

/// <summary>socat and rsyslogd started by a test; each is killed by its own handle at the end.</summary>
internal sealed class ChildProcesses : IDisposable
{
    private readonly List<Process> started = [];

    public Process Start(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + program);
        // Drain the pipes so a chatty child (socat -d -d) never blocks on them.
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        started.Add(process);
        return process;
    }

    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(started))
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
    }
}
