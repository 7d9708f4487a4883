namespace PrivSepSigner.Signer.Processing;

/// <summary>A batch's commit failed for a reason that is not a retryable disk or database error; names its entries.</summary>
internal sealed class BatchFailedException(IReadOnlySet<string> names, Exception cause)
    : Exception($"committing {names.Count} spool entries failed: {cause.Message}", cause)
{
    public IReadOnlySet<string> Names { get; } = names;
}
