using System.Runtime.InteropServices;

namespace PrivSepSigner.Keys.Tests.Support;

/// <summary>
/// setenv(3): .NET keeps its own copy of the environment, and a PKCS#11 module reads the C one
/// (SoftHSM reads SOFTHSM2_CONF with getenv at C_Initialize).
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        if (setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv {name} failed");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
