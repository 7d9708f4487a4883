using System.Security.Cryptography;
using System.Text;

namespace PrivSepSigner.Cli.Client;

/// <summary>PEM in and out for the CLI's files and output.</summary>
internal static class Pem
{
    private const int MaxInputBytes = 64 * 1024;

    /// <summary>A CSR file as DER: PEM (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST) or raw DER.</summary>
    public static byte[] ReadCsr(string path)
    {
        var bytes = InputFile.Read(path, MaxInputBytes, "a certificate request");
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return bytes;
        }

        var text = Encoding.ASCII.GetString(bytes);
        if (PemEncoding.TryFind(text, out var fields) && text[fields.Label] is "CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST")
        {
            return Convert.FromBase64String(text[fields.Base64Data]);
        }

        throw new UsageException($"{path}: neither a PEM certificate request nor DER");
    }

    /// <summary>A SPKAC file as DER: the `SPKAC=base64` line openssl spkac prints, or raw DER.</summary>
    public static byte[] ReadSpkac(string path)
    {
        var bytes = InputFile.Read(path, MaxInputBytes, "an SPKAC");
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return bytes;
        }

        var line = Encoding.ASCII.GetString(bytes).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("SPKAC=", StringComparison.Ordinal))
            ?? throw new UsageException($"{path}: no SPKAC= line");
        try
        {
            return Convert.FromBase64String(line["SPKAC=".Length..]);
        }
        catch (FormatException)
        {
            throw new UsageException($"{path}: the SPKAC= line is not base64");
        }
    }

    /// <summary>A certificate file, PEM or DER; a usage error when it is neither.</summary>
    public static System.Security.Cryptography.X509Certificates.X509Certificate2 ReadCertificate(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxInputBytes)
        {
            throw new UsageException($"{path}: no such file, or larger than {MaxInputBytes} bytes");
        }

        try
        {
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(File.ReadAllBytes(path));
        }
        catch (CryptographicException)
        {
            var text = Encoding.ASCII.GetString(File.ReadAllBytes(path));
            if (PemEncoding.TryFind(text, out var fields) && text[fields.Label] == "CERTIFICATE")
            {
                return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[fields.Base64Data]));
            }

            throw new UsageException($"{path}: neither a PEM nor a DER certificate");
        }
    }

    public static string Certificate(byte[] der) => new string(PemEncoding.Write("CERTIFICATE", der)) + "\n";
}
