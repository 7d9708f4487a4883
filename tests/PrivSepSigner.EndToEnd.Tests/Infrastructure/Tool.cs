using System.Diagnostics;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a real program (openssl, the CLI) without a shell, with a hard timeout.</summary>
public static class Tool
{
    public static string Bin(string name) => Path.Combine(AppContext.BaseDirectory, name);

    /// <param name="stdin">What the program reads on stdin (then end of file); nothing if null.</param>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
        }

        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }

        return new ProcessResult(p.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessResult> Cli(params string[] args) => RunAsync(Bin("privsep-signer"), args);

    public static async Task<ProcessResult> OpenSslAsync(params string[] args)
    {
        var r = await RunAsync("openssl", args);
        return r;
    }
}
