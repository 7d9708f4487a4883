using System.Runtime.InteropServices;

namespace PrivSepSigner.Keys.Native;

/// <summary>Turns the errno of the last libc call into an <see cref="IOException"/>.</summary>
internal static class NativeError
{
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>HResult carries the raw errno, as .NET's own Unix I/O exceptions do.</summary>
    public static IOException Exception(string what) => Exception(what, Last);

    public static IOException Exception(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
