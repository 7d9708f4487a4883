using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Logging.Tests.Integration;

/// <summary>An emulated serial cable (REFERENCE 5): socat joins two ptys, DIR/a and DIR/b.</summary>
internal static class PtyPair
{
    public static (string A, string B) Start(ChildProcesses children, TempDir dir)
    {
        var a = dir.File("a");
        var b = dir.File("b");
        children.Start("socat", "-d", "-d", $"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}");
        ChildProcesses.WaitFor(() => File.Exists(a) && File.Exists(b), TimeSpan.FromSeconds(10), "socat ptys");
        return (a, b);
    }
}
