namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>Request keys and PKCS#10 requests made by the real openssl CLI.</summary>
public static class OpenSslRequests
{
    /// <summary>Key kinds as openssl's -newkey argument pairs.</summary>
    public static string[] NewKeyArgs(string kind) => kind switch
    {
        "RSA-1024" => ["-newkey", "rsa:1024"],
        "RSA-2048" => ["-newkey", "rsa:2048"],
        "RSA-4096" => ["-newkey", "rsa:4096"],
        "P-256" => ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
        "P-384" => ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Makes key + CSR in <paramref name="dir"/>; returns the CSR path.</summary>
    public static async Task<string> CreateAsync(string dir, string name, string kind, string subject, params string[] addext)
    {
        var key = Path.Combine(dir, name + ".key");
        var csr = Path.Combine(dir, name + ".csr");
        var args = new List<string> { "req", "-new", "-nodes", "-keyout", key, "-out", csr, "-subj", subject };
        args.AddRange(NewKeyArgs(kind));
        foreach (var e in addext)
        {
            args.Add("-addext");
            args.Add(e);
        }

        var r = await Tool.RunAsync("openssl", args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return csr;
    }

    /// <summary>`openssl verify -CAfile ca cert...`; returns the result for assertions.</summary>
    /// <summary>The DER bytes of a PEM request, converted by openssl.</summary>
    public static async Task<byte[]> ToDerAsync(string csrPem)
    {
        var der = csrPem + ".der";
        var r = await Tool.RunAsync("openssl", ["req", "-in", csrPem, "-outform", "DER", "-out", der]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return File.ReadAllBytes(der);
    }

    public static Task<ProcessResult> VerifyAsync(string caFile, params string[] certFiles) =>
        Tool.RunAsync("openssl", ["verify", "-CAfile", caFile, .. certFiles]);

    public static async Task<string> TextAsync(string certFile)
    {
        var r = await Tool.RunAsync("openssl", ["x509", "-noout", "-text", "-in", certFile]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout;
    }

    /// <summary>
    /// A certificate's names as openssl prints them: the subject in RFC 2253 order (most
    /// significant last) and the subjectAltName entries ("DNS:a, email:b"); "" when there is none.
    /// </summary>
    public static async Task<(string Subject, string Sans)> NamesAsync(string certFile)
    {
        var subject = await Tool.OpenSslAsync("x509", "-noout", "-subject", "-nameopt", "RFC2253", "-in", certFile);
        Assert.True(subject.ExitCode == 0, subject.ToString());
        var sans = await Tool.OpenSslAsync("x509", "-noout", "-ext", "subjectAltName", "-in", certFile);
        Assert.True(sans.ExitCode == 0, sans.ToString());
        var sanLines = sans.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (subject.Stdout.Trim()["subject=".Length..], string.Join(", ", sanLines.Skip(1)));
    }
}
