using PrivSepSigner.Posix;

namespace PrivSepSigner.Spool.Native;

/// <summary>Borrows the number of a <see cref="SafeFd"/> for one call, keeping it from being closed meanwhile.</summary>
internal readonly ref struct FdLease
{
    private readonly SafeFd owner;
    private readonly bool added;

    public FdLease(SafeFd owner)
    {
        this.owner = owner;
        owner.DangerousAddRef(ref added);
        Fd = (int)owner.DangerousGetHandle();
    }

    public int Fd { get; }

    public void Dispose()
    {
        if (added)
        {
            owner.DangerousRelease();
        }
    }
}
