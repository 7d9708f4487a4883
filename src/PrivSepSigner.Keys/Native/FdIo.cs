using PrivSepSigner.Posix;
using PrivSepSigner.Posix.Files;

namespace PrivSepSigner.Keys.Native;

/// <summary>Whole-file reads on a descriptor, with the size capped before allocating (writes: <see cref="DurableFile"/>).</summary>
internal static unsafe class FdIo
{
    /// <summary>
    /// Reads a regular file to its end. The size is checked against <paramref name="maxBytes"/>
    /// before allocating and again while reading (the file may grow). The caller owns and zeroes
    /// the returned buffer when it holds a secret.
    /// </summary>
    public static byte[] ReadAll(SafeFd fd, int maxBytes, string what)
    {
        var st = FileStatus.Of(fd, what);
        if (st.Kind != FileKind.Regular)
        {
            throw new InvalidDataException($"{what}: not a regular file");
        }

        if (st.Size > maxBytes)
        {
            throw new InvalidDataException($"{what}: larger than {maxBytes} bytes");
        }

        // One spare byte tells a file that grew past the cap from one that fits exactly.
        var buffer = new byte[(int)st.Size + 1];
        var total = 0;
        try
        {
            while (true)
            {
                nint n;
                fixed (byte* p = buffer)
                {
                    n = Libc.read(fd.Fd, p + total, (nuint)(buffer.Length - total));
                }

                if (n < 0)
                {
                    var errno = NativeError.Last;
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw NativeError.Exception(what, errno);
                }

                if (n == 0)
                {
                    break;
                }

                total += (int)n;
                if (total == buffer.Length)
                {
                    throw new InvalidDataException($"{what}: file changed size while being read");
                }
            }

            var result = buffer.AsSpan(0, total).ToArray();
            return result;
        }
        finally
        {
            Array.Clear(buffer);
        }
    }
}
