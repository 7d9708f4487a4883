using System.Diagnostics;
using System.Globalization;

namespace PrivSepSigner.Cli.Benchmark;

/// <summary>
/// The two reference figures measured in the same run on the same machine: the raw
/// `openssl speed` signing rate, and the legacy way (one `openssl ca -batch` process per
/// certificate) on the very CA key and certificate the benchmark's installation uses.
/// </summary>
internal static class OpenSslBaseline
{
    /// <summary>Signatures per second from `openssl speed -mr` (machine-readable output).</summary>
    public static double SpeedSignsPerSecond(string keyKind)
    {
        var algorithm = keyKind == "rsa" ? "rsa2048" : "ecdsap256";
        var output = Run("openssl", ["speed", "-mr", "-seconds", "3", algorithm]);
        // RSA: +F2:<n>:<bits>:<sign>:<verify>; ECDSA: +F4:<n>:<bits>:<sign>:<verify>. OpenSSL 3
        // prints operations per second there; 1.1 printed seconds per operation.
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(keyKind == "rsa" ? "+F2:" : "+F4:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"openssl speed printed no result line:\n{output}");
        var value = double.Parse(line.Split(':')[3], CultureInfo.InvariantCulture);
        return value >= 1 ? value : 1 / value;
    }

    /// <summary>Certificates per second issuing each CSR with its own `openssl ca -batch` process.</summary>
    public static double CaCertsPerSecond(string workDir, string caKey, string caCert, IReadOnlyList<string> csrFiles)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, "openssl-ca")).FullName;
        File.WriteAllText(Path.Combine(dir, "index.txt"), "");
        File.WriteAllText(Path.Combine(dir, "serial"), "1000\n");
        var config = Path.Combine(dir, "ca.cnf");
        File.WriteAllText(config, $"""
            [ ca ]
            default_ca = bench
            [ bench ]
            dir = {dir}
            database = $dir/index.txt
            new_certs_dir = $dir
            serial = $dir/serial
            certificate = {caCert}
            private_key = {caKey}
            default_md = sha256
            default_days = 365
            policy = anything
            unique_subject = no
            copy_extensions = copy
            x509_extensions = leaf
            [ anything ]
            commonName = supplied
            [ leaf ]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = serverAuth
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < csrFiles.Count; i++)
        {
            Run("openssl", ["ca", "-batch", "-config", config, "-in", csrFiles[i], "-out", Path.Combine(dir, $"c{i}.pem"), "-notext"]);
        }

        return csrFiles.Count / watch.Elapsed.TotalSeconds;
    }

    private static string Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr.Result}");
        }

        return stdout;
    }
}
