namespace PrivSepSigner.TestSupport;

/// <summary>Makes subject keys and PKCS#10 requests with the real openssl CLI.</summary>
public static class Csrs
{
    /// <summary>Key specs: "rsa:1024", "rsa:2048", "rsa:4096", "P-256", "P-384".</summary>
    public static byte[] Make(string keySpec, string subject, string? subjectAltName = null, params string[] extraAddExt)
    {
        using var dir = new TempDir();
        var args = new List<string> { "req", "-new", "-nodes", "-keyout", dir.File("key.pem"), "-subj", subject, "-utf8", "-outform", "DER", "-out", dir.File("req.der") };
        if (keySpec.StartsWith("rsa:", StringComparison.Ordinal))
        {
            args.AddRange(["-newkey", keySpec]);
        }
        else
        {
            args.AddRange(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:" + keySpec]);
        }

        if (subjectAltName is not null)
        {
            args.AddRange(["-addext", "subjectAltName=" + subjectAltName]);
        }

        foreach (var ext in extraAddExt)
        {
            args.AddRange(["-addext", ext]);
        }

        OpenSsl.Ok(dir.Path, [.. args]);
        return System.IO.File.ReadAllBytes(dir.File("req.der"));
    }
}
