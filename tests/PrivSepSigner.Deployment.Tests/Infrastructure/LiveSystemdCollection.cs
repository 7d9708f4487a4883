namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>
/// The live container runs alone: it boots a whole system on the machine's two cores and its
/// timings (a reload while requests are in flight, restarts after kill -9) should not compete
/// with the other deployment tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveSystemdCollection
{
    public const string Name = "live systemd";
}
