using PrivSepSigner.Posix;

namespace PrivSepSigner.Spool.Native;

/// <summary>The d_type values of readdir(3) that the spool tells apart (dirent.h).</summary>
internal static class DirentType
{
    public const byte Unknown = 0;
    public const byte Regular = 8;
}
