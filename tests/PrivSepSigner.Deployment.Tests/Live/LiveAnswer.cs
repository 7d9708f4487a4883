namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// The outcome of one request, one JSON line in the front end's output: an error, or the
/// certificate's serial, its authority key identifier (which CA key signed it) and SHA-256.
/// </summary>
public sealed record LiveAnswer(string RequestId, int Attempts, string? Error, string? Serial, string? AuthorityKeyId, string? CertificateSha256)
{
    /// <summary>When the request was first sent and when its answer came, in Unix milliseconds.</summary>
    public long SentMs { get; init; }

    public long AnsweredMs { get; init; }
}
