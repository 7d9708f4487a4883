namespace PrivSepSigner.Cli.Client;

/// <summary>
/// A file named on the command line (a CSR, SPKAC or OpenPGP key), read with its limit
/// checked before the read and again while reading (a file may grow meanwhile). A missing
/// file and one that is too large get different messages (issue 22 item 8).
/// </summary>
internal static class InputFile
{
    /// <param name="what">What the file holds, with its article ("an OpenPGP public key"), for the message.</param>
    /// <exception cref="UsageException">The file does not exist, is a directory, or is larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] Read(string path, int maxBytes, string what)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            throw new UsageException($"{path}: is a directory, not a file");
        }

        if (!info.Exists)
        {
            throw new UsageException($"{path}: no such file");
        }

        if (info.Length > maxBytes)
        {
            throw new UsageException($"{path}: {info.Length} bytes, larger than the {maxBytes} bytes {what} may have");
        }

        using var stream = File.OpenRead(path);
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > maxBytes)
        {
            throw new UsageException($"{path}: grew past the {maxBytes} bytes {what} may have while being read");
        }

        return buffer[..total];
    }
}
