using System.Runtime.InteropServices;

namespace PrivSepSigner.Posix;

/// <summary>struct pollfd of poll(2): 8 bytes, no padding.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}
