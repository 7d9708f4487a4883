using System.Runtime.InteropServices;

namespace PrivSepSigner.Spool.Native;

/// <summary>struct pollfd of poll(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
