namespace PrivSepSigner.Deployment.Tests.Infrastructure;

/// <summary>A theory over the live container's results: skipped, saying why, only where the kernel cannot run a container.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveSystemdTheoryAttribute : TheoryAttribute
{
    public LiveSystemdTheoryAttribute()
    {
        if (ContainerSupport.WhyNot is { } why)
        {
            Skip = LiveSystemdFactAttribute.SkipReason(why);
        }
    }
}
