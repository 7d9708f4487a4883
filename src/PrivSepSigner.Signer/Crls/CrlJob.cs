using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Crls;

/// <summary>One CRL to make: a full CRL of a key version, or a delta against one of its full CRLs.</summary>
internal sealed record CrlJob(CrlScope Scope, long? BaseNumber)
{
    public override string ToString() => BaseNumber is { } b ? $"delta CRL of {Scope.Root} against {b}" : $"full CRL of {Scope.Root}";
}
