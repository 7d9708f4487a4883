namespace PrivSepSigner.Stages;

/// <summary>
/// One stage of issuing a certificate: <paramref name="Arrange"/> makes the inputs of n runs
/// (not measured) and returns the run, which covers <paramref name="CertsPerRun"/> certificates.
/// </summary>
internal sealed record Stage(string Name, int CertsPerRun, Func<int, Action<int>> Arrange);
