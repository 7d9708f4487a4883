namespace PrivSepSigner.Signer.Roots;

/// <summary>Decodes one PEM certificate (the CA's own, read from the signer's key directory).</summary>
internal static class PemFile
{
    public static byte[] DecodeCertificate(ReadOnlySpan<byte> pem, string where)
    {
        var text = System.Text.Encoding.ASCII.GetString(pem);
        if (!System.Security.Cryptography.PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "CERTIFICATE")
        {
            throw new InvalidDataException($"{where}: no PEM CERTIFICATE block");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
