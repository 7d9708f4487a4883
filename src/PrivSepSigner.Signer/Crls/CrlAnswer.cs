using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Crls;

/// <summary>What a CRL request gets: a published CRL, or "being made, ask again shortly".</summary>
internal abstract record CrlAnswer
{
    private CrlAnswer()
    {
    }

    public sealed record Ready(StoredCrl Crl) : CrlAnswer;

    public sealed record Pending(string Message) : CrlAnswer;
}
