using System.Runtime.InteropServices;
using Mono.Unix.Native;

namespace PrivSepSigner.Posix;

/// <summary>Turns the errno of the last libc call into an <see cref="IOException"/>.</summary>
public static class NativeError
{
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>
    /// An IOException naming the operation and errno. HResult carries the raw errno, as .NET's own
    /// Unix I/O exceptions do, so a caller can tell EEXIST or ENOSPC apart without parsing text.
    /// </summary>
    public static IOException Exception(string what) => Exception(what, Last);

    public static IOException Exception(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    /// <summary>The symbolic name of <paramref name="errno"/> ("ENOENT"), for messages operators grep for.</summary>
    public static string Name(int errno) => NativeConvert.ToErrno(errno).ToString();
}
