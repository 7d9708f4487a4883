using System.Security.Cryptography;
using System.Text;
using PrivSepSigner.Issuance;
using PrivSepSigner.Policy;
using PrivSepSigner.Protocol;

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
    /// <summary>What makes two requests "the same": everything but the front end's clock.</summary>
    public static string FingerprintOf(string kind, string root, string profile, params byte[][] parts)
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
