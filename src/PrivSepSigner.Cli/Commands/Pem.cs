using System.Security.Cryptography;
using System.Text;

namespace PrivSepSigner.Cli.Commands;

/// <summary>PEM in and out for the CLI's files and output.</summary>
internal static class Pem
{
    private const int MaxInputBytes = 64 * 1024;

    /// <summary>A CSR file as DER: PEM (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST) or raw DER.</summary>
    public static byte[] ReadCsr(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new UsageException($"{path}: no such file");
        }

        if (info.Length > MaxInputBytes)
        {
            throw new UsageException($"{path}: larger than {MaxInputBytes} bytes");
        }

        var bytes = File.ReadAllBytes(path);
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

    public static string Certificate(byte[] der) => new string(PemEncoding.Write("CERTIFICATE", der)) + "\n";
}
