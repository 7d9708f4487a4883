using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// Walks a MessagePack body without recursion and refuses nesting deeper than a limit.
/// </summary>
/// <remarks>
/// The untrusted-data depth limit guards the formatters, but the dynamic object formatter skips
/// unknown trailing elements of nested objects with <c>MessagePackReader.Skip()</c>, which
/// recurses without a depth check: a 64 KiB body of 0x91 bytes could exhaust the stack, which
/// cannot be caught. This scan runs first, with a fixed-size stack of counters.
/// </remarks>
internal static class DepthScanner
{
    /// <summary>True when the first object in <paramref name="body"/> nests at most <paramref name="maxDepth"/> containers deep.</summary>
    /// <exception cref="EndOfStreamException">The body ends inside the object.</exception>
    /// <exception cref="MessagePackSerializationException">An invalid MessagePack code was met.</exception>
    public static bool IsWithinDepth(ReadOnlyMemory<byte> body, int maxDepth)
    {
        Span<long> remaining = stackalloc long[maxDepth + 1];
        var reader = new MessagePackReader(body);
        int depth = 0;
        remaining[0] = 1;
        while (true)
        {
            while (depth >= 0 && remaining[depth] == 0)
            {
                depth--;
            }

            if (depth < 0)
            {
                return true;
            }

            remaining[depth]--;
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    if (depth + 1 >= remaining.Length)
                    {
                        return false;
                    }

                    remaining[++depth] = reader.ReadArrayHeader();
                    break;
                case MessagePackType.Map:
                    if (depth + 1 >= remaining.Length)
                    {
                        return false;
                    }

                    remaining[++depth] = 2L * reader.ReadMapHeader();
                    break;
                default:
                    // Scalars, strings, binaries and extensions: Skip() does not recurse for these.
                    reader.Skip();
                    break;
            }
        }
    }
}
