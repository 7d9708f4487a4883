using System.Diagnostics;
using System.Globalization;

namespace PrivSepSigner.Cli.Development.Benchmark;

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
        var (dir, config) = CaDirectory(workDir, "openssl-ca", caKey, caCert, "");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < csrFiles.Count; i++)
        {
            Run("openssl", ["ca", "-batch", "-config", config, "-in", csrFiles[i], "-out", Path.Combine(dir, $"c{i}.pem"), "-notext"]);
        }

        return csrFiles.Count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds `openssl ca -gencrl` takes over an index.txt that lists the same revocations (the legacy signer's CRL).</summary>
    public static double GenCrlSeconds(string workDir, string caKey, string caCert, IEnumerable<string> revokedSerials)
    {
        var index = new System.Text.StringBuilder();
        var expiry = DateTimeOffset.UtcNow.AddDays(300).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
        var revoked = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
        foreach (var serial in revokedSerials)
        {
            var hex = serial.Length % 2 == 1 ? "0" + serial : serial;
            index.Append("R\t").Append(expiry).Append('\t').Append(revoked).Append(",keyCompromise\t").Append(hex.ToUpperInvariant()).Append("\tunknown\t/CN=bench\n");
        }

        var (dir, config) = CaDirectory(workDir, "openssl-gencrl", caKey, caCert, index.ToString());
        var watch = Stopwatch.StartNew();
        Run("openssl", ["ca", "-gencrl", "-config", config, "-out", Path.Combine(dir, "crl.pem")]);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>An `openssl ca` directory for the benchmark's CA key: config, index.txt, serial and crlnumber.</summary>
    private static (string Dir, string Config) CaDirectory(string workDir, string name, string caKey, string caCert, string index)
    {
        var dir = Directory.CreateDirectory(Path.Combine(workDir, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "index.txt"), index);
        File.WriteAllText(Path.Combine(dir, "serial"), "1000\n");
        File.WriteAllText(Path.Combine(dir, "crlnumber"), "1000\n");
        var config = Path.Combine(dir, "ca.cnf");
        File.WriteAllText(config, $"""
            [ ca ]
            default_ca = bench
            [ bench ]
            dir = {dir}
            database = $dir/index.txt
            new_certs_dir = $dir
            serial = $dir/serial
            crlnumber = $dir/crlnumber
            certificate = {caCert}
            private_key = {caKey}
            default_md = sha256
            default_days = 365
            default_crl_days = 7
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
        return (dir, config);
    }

    /// <summary>Runs a program to its end; its stdout.</summary>
    /// <exception cref="InvalidOperationException">It could not start or exited non-zero (its stderr in the message).</exception>
    internal static string Run(string file, string[] args)
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
