namespace PrivSepSigner.Protocol.Framing;

/// <summary>
/// Consistent Overhead Byte Stuffing (S. Cheshire, M. Baker, "Consistent Overhead Byte
/// Stuffing", IEEE/ACM Transactions on Networking 7(2), 1999). The encoding contains no
/// 0x00 byte, so 0x00 can delimit frames and a receiver resynchronises at the next 0x00.
/// </summary>
/// <remarks>
/// The encoder emits the minimal form: a block of 254 non-zero bytes (code 0xFF) that ends
/// the input is not followed by a redundant 0x01 code. The decoder also accepts that
/// redundant trailing 0x01, which some other encoders write.
/// </remarks>
public static class Cobs
{
    // A code byte of 0xFF means "254 data bytes follow and no zero is implied".
    private const int MaxBlock = 254;

    /// <summary>
    /// Upper bound of the encoded length of <paramref name="length"/> bytes, for this encoder
    /// and for encoders that append a trailing 0x01 after a final full block.
    /// </summary>
    public static int MaxEncodedLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return checked(length + (length / MaxBlock) + 1);
    }

    /// <summary>Encodes <paramref name="source"/>; returns the number of bytes written. No delimiter is written.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="MaxEncodedLength"/>.</exception>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxEncodedLength(source.Length))
        {
            throw new ArgumentException("Destination is shorter than Cobs.MaxEncodedLength(source.Length).", nameof(destination));
        }

        return EncodeCore(source, destination);
    }

    /// <summary>
    /// Decodes <paramref name="source"/> (without the 0x00 delimiter). Returns false if the input
    /// contains 0x00, a code byte points past the end, or the output does not fit.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        if (!TryGetDecodedLength(source, out int length) || length > destination.Length)
        {
            written = 0;
            return false;
        }

        written = DecodeCore(source, destination);
        return true;
    }

    /// <summary>
    /// Checks the structure of an encoded block and returns its decoded length without
    /// writing anything, so a caller can compare the length with a limit first.
    /// </summary>
    public static bool TryGetDecodedLength(ReadOnlySpan<byte> source, out int length)
    {
        length = 0;
        if (source.IsEmpty)
        {
            // An empty input is not a COBS encoding; even an empty payload encodes as 0x01.
            return false;
        }

        int read = 0;
        int total = 0;
        while (read < source.Length)
        {
            int code = source[read++];
            if (code == 0)
            {
                return false;
            }

            int data = code - 1;
            if (data > source.Length - read || source.Slice(read, data).Contains((byte)0))
            {
                return false;
            }

            read += data;
            total += data;
            if (code != 0xFF && read < source.Length)
            {
                total++;
            }
        }

        length = total;
        return true;
    }

    private static int EncodeCore(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int codeIndex = 0;
        int write = 1;
        int code = 1;
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == 0)
            {
                destination[codeIndex] = (byte)code;
                codeIndex = write++;
                code = 1;
                continue;
            }

            destination[write++] = b;
            code++;
            if (code == MaxBlock + 1 && i + 1 < source.Length)
            {
                // Full block and more input to come: close it without an implied zero.
                destination[codeIndex] = (byte)code;
                codeIndex = write++;
                code = 1;
            }
        }

        destination[codeIndex] = (byte)code;
        return write;
    }

    // Only called after TryGetDecodedLength accepted the input and the length fits.
    private static int DecodeCore(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int read = 0;
        int write = 0;
        while (read < source.Length)
        {
            int code = source[read++];
            int data = code - 1;
            source.Slice(read, data).CopyTo(destination[write..]);
            read += data;
            write += data;
            if (code != 0xFF && read < source.Length)
            {
                destination[write++] = 0;
            }
        }

        return write;
    }
}
