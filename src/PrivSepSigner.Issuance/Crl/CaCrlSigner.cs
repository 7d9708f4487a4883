using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Keys;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace PrivSepSigner.Issuance.Crl;

/// <summary>
/// Builds and signs CRLs for one CA (RFC 5280 5): a v2 CertificateList whose issuer is the CA
/// certificate's subject, signed by the CA's key, its signature verified with the CA
/// certificate's public key before the CRL is returned. Extensions: Authority Key Identifier
/// (5.2.1), CRL Number (5.2.3), Delta CRL Indicator (5.2.4, critical) on deltas, Freshest CRL
/// (5.2.6) on full CRLs when a delta URL is set; entries carry a reasonCode (5.3.1) unless
/// unspecified and an invalidityDate (5.3.2) when known.
/// </summary>
/// <remarks>
/// A real CA's CRL has hundreds of thousands of entries (CAcert's were megabytes). The entries
/// are read once, in order, from an enumeration (straight from the database) and encoded into
/// one buffer (<see cref="DerWriter"/>); BouncyCastle encodes everything else. The
/// TBSCertList is assembled in the final buffer and signed there, and the CRL is returned as a
/// slice of that buffer: a CRL of a million entries (about 40 MB) costs two copies of itself in
/// memory at most, never an object per entry.
/// </remarks>
public sealed class CaCrlSigner
{
    private const int TypicalEntryBytes = 48;

    private readonly byte[] caCertificateDer;
    private readonly ISigningKey key;
    private readonly byte[] issuer;
    private readonly byte[] keyIdentifier;
    private readonly byte[] algorithm;

    public CaCrlSigner(byte[] caCertificateDer, ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(caCertificateDer);
        ArgumentNullException.ThrowIfNull(key);
        this.caCertificateDer = caCertificateDer;
        this.key = key;
        using var cert = X509CertificateLoader.LoadCertificate(caCertificateDer);
        issuer = cert.SubjectName.RawData;
        keyIdentifier = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray()
            ?? throw new InvalidOperationException("the CA certificate has no subject key identifier (RFC 5280 4.2.1.2)");
        algorithm = SignatureAlgorithmIds.For(key.Algorithm).GetDerEncoded();
    }

    /// <param name="expectedEntries">How many entries to expect, to size the buffer (0: unknown).</param>
    public ReadOnlyMemory<byte> SignFull(long number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IEnumerable<CrlEntry> entries, string? deltaCrlUrl, int expectedEntries = 0)
    {
        var extensions = CommonExtensions(number);
        if (deltaCrlUrl is not null)
        {
            var point = new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, deltaCrlUrl))), null, null);
            extensions.Add(new DerSequence(X509Extensions.FreshestCrl, new DerOctetString(new CrlDistPoint([point]))));
        }

        return Sign(thisUpdate, nextUpdate, entries, extensions, expectedEntries);
    }

    /// <param name="expectedEntries">How many entries to expect, to size the buffer (0: unknown).</param>
    public ReadOnlyMemory<byte> SignDelta(long number, long baseNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IEnumerable<CrlEntry> entries, int expectedEntries = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(number, baseNumber);
        var extensions = CommonExtensions(number);
        extensions.Add(new DerSequence(X509Extensions.DeltaCrlIndicator, DerBoolean.True, new DerOctetString(new CrlNumber(BcBigInteger.ValueOf(baseNumber)))));
        return Sign(thisUpdate, nextUpdate, entries, extensions, expectedEntries);
    }

    private Asn1EncodableVector CommonExtensions(long number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        return new Asn1EncodableVector(
            new DerSequence(X509Extensions.AuthorityKeyIdentifier, new DerOctetString(new AuthorityKeyIdentifier(keyIdentifier))),
            new DerSequence(X509Extensions.CrlNumber, new DerOctetString(new CrlNumber(BcBigInteger.ValueOf(number)))));
    }

    private ReadOnlyMemory<byte> Sign(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IEnumerable<CrlEntry> entries, Asn1EncodableVector extensions, int expectedEntries)
    {
        if (nextUpdate <= thisUpdate)
        {
            throw new ArgumentException("nextUpdate must be after thisUpdate (RFC 5280 5.1.2.5)", nameof(nextUpdate));
        }

        // revokedCertificates, in one buffer; absent when empty (RFC 5280 5.1.2.6).
        var list = new ArrayBufferWriter<byte>(Math.Max(256, expectedEntries * TypicalEntryBytes));
        foreach (var entry in entries)
        {
            DerWriter.WriteEntry(list, entry);
        }

        // The fixed fields before and after the list: version v2, signature, issuer, the two times; [0] extensions.
        var head = new ArrayBufferWriter<byte>(512);
        head.Write<byte>([DerWriter.Integer, 1, 1]);
        head.Write(algorithm);
        head.Write(issuer);
        WriteTime(head, thisUpdate);
        WriteTime(head, nextUpdate);
        var tail = new DerTaggedObject(true, 0, new DerSequence(extensions)).GetDerEncoded();

        var listPart = list.WrittenCount == 0 ? 0 : DerWriter.HeaderLength(list.WrittenCount) + list.WrittenCount;
        long tbsContent = head.WrittenCount + listPart + tail.Length;
        var tbsLength = DerWriter.HeaderLength(tbsContent) + tbsContent;
        var signatureRoom = 16 + (key.SubjectPublicKeyInfo.Length * 2); // at least the longest signature of this key
        var outerRoom = DerWriter.HeaderLength(tbsLength + algorithm.Length + signatureRoom);
        var buffer = new byte[checked(outerRoom + tbsLength + algorithm.Length + signatureRoom)];

        var at = outerRoom;
        at += DerWriter.WriteHeader(buffer.AsSpan(at), DerWriter.Sequence, tbsContent);
        head.WrittenSpan.CopyTo(buffer.AsSpan(at));
        at += head.WrittenCount;
        if (list.WrittenCount > 0)
        {
            at += DerWriter.WriteHeader(buffer.AsSpan(at), DerWriter.Sequence, list.WrittenCount);
            list.WrittenSpan.CopyTo(buffer.AsSpan(at));
            at += list.WrittenCount;
        }

        tail.CopyTo(buffer, at);
        at += tail.Length;
        var tbs = buffer.AsSpan(outerRoom, (int)tbsLength);

        var signature = key.Sign(tbs);
        using (var cert = X509CertificateLoader.LoadCertificate(caCertificateDer))
        using (var verifier = new CaSignatureVerifier(cert, key.Algorithm))
        {
            if (!verifier.Verify(tbs, signature))
            {
                throw new IssuanceException("the CRL signature does not verify with the CA certificate");
            }
        }

        // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
        algorithm.CopyTo(buffer, at);
        at += algorithm.Length;
        at += DerWriter.WriteHeader(buffer.AsSpan(at), DerWriter.BitString, signature.Length + 1);
        buffer[at++] = 0; // no unused bits
        signature.CopyTo(buffer, at);
        at += signature.Length;

        var content = at - outerRoom;
        var start = outerRoom - DerWriter.HeaderLength(content);
        DerWriter.WriteHeader(buffer.AsSpan(start), DerWriter.Sequence, content);
        return buffer.AsMemory(start, at - start);
    }

    private static void WriteTime(ArrayBufferWriter<byte> to, DateTimeOffset t)
    {
        Span<byte> time = stackalloc byte[15];
        var tag = DerWriter.Time(t, time, out var length);
        to.Write<byte>([tag, (byte)length]);
        to.Write(time[..length]);
    }
}
