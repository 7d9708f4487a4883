namespace PrivSepSigner.Cli.Development.Benchmark;

/// <summary>
/// What <see cref="BenchDriver"/> drives: one certificate signed per call, answered or thrown.
/// The project over its link and cfssl over HTTP are both driven through this, so both are
/// loaded and timed by the very same loop.
/// </summary>
internal interface IBenchTarget
{
    /// <param name="slot">The index of the request in the run (spreads requests over connections).</param>
    /// <exception cref="InvalidOperationException">The target refused or failed the request.</exception>
    Task SignAsync(byte[] csr, string requestId, int slot);
}
