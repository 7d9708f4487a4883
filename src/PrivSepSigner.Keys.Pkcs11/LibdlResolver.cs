using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// Pkcs11Interop 5.3.0 P/Invokes dlopen from "libdl", which the loader resolves to libdl.so:
/// a link-time symlink that glibc 2.34+ no longer ships (Debian 12 has only libdl.so.2, even
/// with libc6-dev installed; REFERENCE 6). Map it to the runtime soname. Registered by a
/// static constructor, which runs exactly once per process.
/// </summary>
internal static class LibdlResolver
{
    static LibdlResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(IPkcs11Library).Assembly, Resolve);
    }

    /// <summary>Forces the static constructor; call before the first Pkcs11Interop use.</summary>
    public static void EnsureRegistered()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName is "libdl" or "libdl.so")
        {
            return NativeLibrary.Load("libdl.so.2");
        }

        // Zero: fall back to the default probing for every other library.
        return IntPtr.Zero;
    }
}
