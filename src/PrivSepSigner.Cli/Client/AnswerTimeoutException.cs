namespace PrivSepSigner.Cli.Client;

/// <summary>
/// No answer came in time. The request may still be queued on the signing host, so the message
/// says what to do: resend with the same request id (answered once, never signed twice), and
/// what to check. The CLI exits 75 (EX_TEMPFAIL: retry later).
/// </summary>
internal sealed class AnswerTimeoutException(string link, string requestId, TimeSpan waited)
    : Exception(
        $"no answer to request {requestId} on {link} within {waited.TotalSeconds:0} s; " +
        $"it may still be queued: resend with --request-id {requestId} (the same id is answered once and never signed twice); " +
        $"check that the daemons run (`privsep-signer status --link {link}`) and nothing else holds the line")
{
    public string RequestId { get; } = requestId;
}
