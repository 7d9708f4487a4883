namespace PrivSepSigner.Posix.Files;

/// <summary>The file type bits of st_mode (S_IFMT), answered once for every caller.</summary>
public enum FileKind
{
    Other,
    Regular,
    Directory,
    Fifo,
    Socket,
    Symlink,
    CharDevice,
    BlockDevice,
}
