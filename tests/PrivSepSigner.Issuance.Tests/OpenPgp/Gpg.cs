using System.Diagnostics;

namespace PrivSepSigner.Issuance.Tests.OpenPgp;

/// <summary>The real gpg with its own temporary home, driven without a shell or a pinentry.</summary>
internal sealed class Gpg : IDisposable
{
    public Gpg() => Home = Directory.CreateTempSubdirectory("pss-gpg-").FullName;

    public string Home { get; }

    public (int Exit, string Stdout, string Stderr) Run(params string[] args) => RunWithInput(null, args);

    public (int Exit, string Stdout, string Stderr) RunWithInput(byte[]? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.Environment["GNUPGHOME"] = Home;
        foreach (var a in new[] { "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "" }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
        }

        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public byte[] Export(string who, bool secret = false, bool armor = false)
    {
        var info = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, UseShellExecute = false, RedirectStandardError = true };
        info.Environment["GNUPGHOME"] = Home;
        foreach (var a in new[] { "--batch", "--pinentry-mode", "loopback", "--passphrase", "", armor ? "--armor" : "--no-armor", secret ? "--export-secret-keys" : "--export", who })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return ms.ToArray();
    }

    public void Dispose()
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", Home, "--kill", "all"]) { UseShellExecute = false, RedirectStandardError = true });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }

        Directory.Delete(Home, recursive: true);
    }
}
