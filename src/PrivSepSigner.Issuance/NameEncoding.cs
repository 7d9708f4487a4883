using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Issuance;

/// <summary>Encodes an approved subject as an X.501 Name and as RFC 4514 text.</summary>
internal static class NameEncoding
{
    /// <summary>
    /// One attribute per RDN, in request order. Built from ASN.1 primitives rather than
    /// BouncyCastle's string converters, which would read a value starting with "#" as hex
    /// DER (RFC 4514 2.4) and so let a requester inject arbitrary encodings.
    /// </summary>
    public static X509Name ToX509Name(IReadOnlyList<SubjectAttribute> subject)
    {
        var rdns = new Asn1EncodableVector(subject.Count);
        foreach (var attribute in subject)
        {
            var oid = new DerObjectIdentifier(attribute.Oid);
            Asn1Encodable value = attribute.Oid switch
            {
                // RFC 5280 A.1: X520countryName is PrintableString SIZE (2).
                KnownOids.Country => new DerPrintableString(attribute.Value, true),

                // RFC 5280 A.1: EmailAddress ::= IA5String.
                KnownOids.EmailAddress => new DerIA5String(attribute.Value, true),

                // RFC 5280 4.1.2.6: new certificates MUST use UTF8String for DirectoryString.
                _ => new DerUtf8String(attribute.Value),
            };
            rdns.Add(new DerSet(new DerSequence(oid, value)));
        }

        return X509Name.GetInstance(new DerSequence(rdns));
    }

    /// <summary>RFC 4514 2: RDNs last-to-first, comma-separated, special characters escaped.</summary>
    public static string ToRfc4514(IReadOnlyList<SubjectAttribute> subject)
    {
        var text = new StringBuilder();
        for (var i = subject.Count - 1; i >= 0; i--)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            var attribute = subject[i];
            text.Append(KnownOids.AttributeShortName(attribute.Oid) ?? attribute.Oid).Append('=');
            AppendEscaped(text, attribute.Value);
        }

        return text.ToString();
    }

    /// <summary>RFC 4514 2.4 escaping.</summary>
    private static void AppendEscaped(StringBuilder text, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var special = c is '"' or '+' or ',' or ';' or '<' or '>' or '\\'
                || (i == 0 && c is '#' or ' ')
                || (i == value.Length - 1 && c == ' ');
            if (c == '\0')
            {
                text.Append("\\00");
            }
            else
            {
                if (special)
                {
                    text.Append('\\');
                }

                text.Append(c);
            }
        }
    }
}
