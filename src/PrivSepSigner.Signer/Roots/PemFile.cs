namespace PrivSepSigner.Signer.Roots;

/// <summary>Reads one PEM certificate (the CA's own, from the signer's key directory).</summary>
internal static class PemFile
{
    private const int MaxBytes = 64 * 1024;

    public static byte[] ReadCertificate(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IOException($"{path}: not found");
        }

        if (info.Length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: larger than {MaxBytes} bytes");
        }

        var text = File.ReadAllText(path);
        if (!System.Security.Cryptography.PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "CERTIFICATE")
        {
            throw new InvalidDataException($"{path}: no PEM CERTIFICATE block");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
