using System.Text;

namespace PrivSepSigner.Posix;

/// <summary>
/// Converts directory entry names between bytes and strings without losing any byte.
/// A hostile writer can create names that are not UTF-8; listing them as U+FFFD would make
/// them impossible to quarantine or delete. Names that are not valid UTF-8 are therefore
/// decoded byte by byte, with bytes 0x80..0xFF as lone surrogates U+DC80..U+DCFF
/// (Python's "surrogateescape", PEP 383), and encoded back to the same bytes.
/// </summary>
public static class FileNameCodec
{
    private const char EscapeBase = '\uDC00';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> name)
    {
        try
        {
            return StrictUtf8.GetString(name);
        }
        catch (DecoderFallbackException)
        {
            return string.Create(name.Length, name.ToArray(), static (chars, bytes) =>
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    chars[i] = bytes[i] < 0x80 ? (char)bytes[i] : (char)(EscapeBase + bytes[i]);
                }
            });
        }
    }

    /// <summary>One path component as a NUL-terminated byte string; rejects anything that could leave the directory.</summary>
    public static byte[] EncodeComponent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name == "." || name == ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("not a single file name", nameof(name));
        }

        return Encode(name);
    }

    /// <summary>A whole path (for the FIFO doorbells) as a NUL-terminated byte string.</summary>
    public static byte[] EncodePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("path contains NUL", nameof(path));
        }

        return Encode(path);
    }

    private static byte[] Encode(string name)
    {
        if (!name.Any(c => c >= '\uDC80' && c <= '\uDCFF'))
        {
            var utf8 = new byte[StrictUtf8.GetByteCount(name) + 1];
            StrictUtf8.GetBytes(name, utf8);
            return utf8;
        }

        // Only Decode produces lone low surrogates, and only together with ASCII.
        var bytes = new byte[name.Length + 1];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            bytes[i] = c switch
            {
                < '\u0080' => (byte)c,
                >= '\uDC80' and <= '\uDCFF' => (byte)(c - EscapeBase),
                _ => throw new ArgumentException("name mixes escaped bytes and non-ASCII text", nameof(name)),
            };
        }

        return bytes;
    }
}
