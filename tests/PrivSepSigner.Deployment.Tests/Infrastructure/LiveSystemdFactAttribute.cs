namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>A test that boots a real systemd in a container: skipped, saying why, only where the kernel cannot run one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveSystemdFactAttribute : FactAttribute
{
    public LiveSystemdFactAttribute()
    {
        if (ContainerSupport.WhyNot is { } why)
        {
            Skip = SkipReason(why);
        }
    }

    internal static string SkipReason(string why) => $"this kernel cannot run a container ({why}); the live systemd test needs one (REFERENCE 9)";
}
