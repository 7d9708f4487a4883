using System.Text;
using PrivSepSigner.Policy;
using PrivSepSigner.Policy.Spkac;
using PrivSepSigner.Protocol;
using PrivSepSigner.Signer.Processing;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// Answers SignSpkacRequest: the SPKAC's signature is verified here, and the subject and
/// SANs the front end sent separately are parsed strictly and then filtered by the profile
/// exactly like a CSR's.
/// </summary>
internal sealed class SignSpkacHandler(IssuancePipeline pipeline) : IRequestHandler
{
    public MessageType RequestType => MessageType.SignSpkacRequest;

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch) => Handle(body, batch, batch.Now);

    public Answer Handle(ReadOnlyMemory<byte> body, Batch batch, DateTimeOffset received)
    {
        var request = MessageCodec.Deserialize<SignSpkacRequest>(body);
        MessageValidator.Validate(request);
        var names = Encoding.UTF8.GetBytes(string.Join('\n', request.Subject) + "\0" + string.Join('\n', request.Sans));
        return pipeline.Issue(
            new IssuanceRequest(
                request.RequestId,
                request.FrontEndTimeUnixMs,
                received,
                request.Root,
                request.Profile,
                "spkac",
                IssuanceRequest.FingerprintOf("sign-spkac", request.Root, request.Profile, request.Spkac, names),
                () => CsrInfo.FromSpkac(SpkacInfo.Parse(request.Spkac), Subject(request.Subject), Sans(request.Sans)),
                MessageType.SignSpkacResponse,
                issued => MessageCodec.Serialize(new SignSpkacResponse
                {
                    RequestId = request.RequestId,
                    Certificate = issued.Der,
                    SerialHex = issued.SerialHex,
                    Root = request.Root,
                    Profile = request.Profile,
                })),
            batch);
    }

    private static List<SubjectAttribute> Subject(string[] items) => items.Select(item =>
    {
        var eq = item.IndexOf('=', StringComparison.Ordinal);
        var type = item[..eq];
        return KnownOids.SubjectAttributes.TryGetValue(type, out var oid)
            ? new SubjectAttribute(oid, item[(eq + 1)..])
            : throw new CsrException($"subject attribute type \"{type}\" is not one of {string.Join(", ", KnownOids.SubjectAttributes.Keys)}");
    }).ToList();

    private static List<SanEntry> Sans(string[] items) => items.Select(SanText.Parse).ToList();
}
