using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Signer.Handlers;

/// <summary>
/// What the issuance pipeline needs from a request type: ids and names, the front end's clock
/// and when the request was received (compared with each other), how to parse the requester's
/// key and names (a CSR or a SPKAC with separate names), and how to answer.
/// </summary>
internal sealed record IssuanceRequest(
    string RequestId,
    long FrontEndTimeUnixMs,
    DateTimeOffset Received,
    string Root,
    string Profile,
    string Field,
    string Fingerprint,
    Func<CsrInfo> Parse,
    MessageType ResponseType,
    Func<IssuedCertificate, byte[]> Respond)
{
    /// <summary>
    /// Reads the id, clock, root and profile from the request itself, and fingerprints that same
    /// root and profile, so a handler states only what differs: the kind, the field and parts that
    /// identify the request, how to parse it and how to answer.
    /// </summary>
    public IssuanceRequest(
        ISigningRequest request,
        DateTimeOffset received,
        string kind,
        string field,
        byte[][] parts,
        Func<CsrInfo> parse,
        MessageType responseType,
        Func<IssuedCertificate, byte[]> respond)
        : this(
            request.RequestId,
            request.FrontEndTimeUnixMs,
            received,
            request.Root,
            request.Profile,
            field,
            FingerprintOf(kind, request.Root, request.Profile, parts),
            parse,
            responseType,
            respond)
    {
    }

    /// <summary>What makes two requests "the same": everything but the front end's clock.</summary>
    private static string FingerprintOf(string kind, string root, string profile, byte[][] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{kind}\0{root}\0{profile}\0"));
        foreach (var p in parts)
        {
            hash.AppendData(BitConverter.GetBytes(p.Length));
            hash.AppendData(p);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Stated subject and SANs as one fingerprint part: a resend with other names is another request.</summary>
    public static byte[] NamesPart(string[] subject, string[] sans) =>
        Encoding.UTF8.GetBytes(string.Join('\n', subject) + "\0" + string.Join('\n', sans));
}
