namespace PrivSepSigner.Fuzz;

/// <summary>Reads the fuzz input, capped so that the harness itself never allocates without bound.</summary>
internal static class BoundedInput
{
    /// <summary>Above every product limit (64 KiB frame payload, 32 KiB OpenPGP key), so the oversize paths are reached too.</summary>
    public const int MaxBytes = 128 * 1024;

    public static byte[] Read(Stream stream)
    {
        var buffer = new byte[MaxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }
}
