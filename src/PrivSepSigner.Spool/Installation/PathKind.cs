namespace PrivSepSigner.Spool.Installation;

public enum PathKind
{
    Directory,
    Fifo,
    File,
}
