namespace PrivSepSigner.Policy;

/// <summary>
/// The outcome of applying a profile to a request: a refusal is a value with a reason code,
/// not an exception, because refusing is a normal answer to a front-end request.
/// </summary>
public abstract record PolicyResult
{
    private PolicyResult()
    {
    }

    /// <summary>The request may be issued with exactly this subject and these SANs.</summary>
    public sealed record Approved(IReadOnlyList<SubjectAttribute> Subject, IReadOnlyList<SanEntry> Sans) : PolicyResult;

    /// <summary>The request breaks the profile; <see cref="Message"/> says how.</summary>
    public sealed record Refused(RefusalCode Code, string Message) : PolicyResult;
}
