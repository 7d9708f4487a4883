using System.Globalization;
using System.Text;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// One line of `openssl ca`'s index.txt (its "database"): status V, R or E; the expiry as an
/// ASN.1 UTCTime (GeneralizedTime from 2050, RFC 5280 4.1.2.5); for R the revocation time and
/// reason; the serial in uppercase hex of even length; "unknown" for the file; the subject in
/// openssl's /TYPE=value form. Tab-separated, as openssl's TXT_DB reads it.
/// </summary>
internal static class OpenSslIndex
{
    public static string Line(CertificateSummary c, DateTimeOffset now)
    {
        var status = c.RevokedAtUnixMs != 0 ? "R" : c.NotAfterUnixMs < now.ToUnixTimeMilliseconds() ? "E" : "V";
        var revocation = c.RevokedAtUnixMs == 0 ? string.Empty : Time(c.RevokedAtUnixMs) + Reason(c.RevocationReason);
        var serial = c.SerialHex.Length % 2 == 1 ? "0" + c.SerialHex : c.SerialHex;
        return $"{status}\t{Time(c.NotAfterUnixMs)}\t{revocation}\t{serial.ToUpperInvariant()}\tunknown\t{Subject(c.Subject)}";
    }

    /// <summary>openssl ca's reason names (apps/ca.c crl_reasons); a hold needs its instruction; 9 and 10 have no name there.</summary>
    private static string Reason(int code) => code switch
    {
        0 => ",unspecified",
        1 => ",keyCompromise",
        2 => ",CACompromise",
        3 => ",affiliationChanged",
        4 => ",superseded",
        5 => ",cessationOfOperation",
        6 => ",certificateHold,holdInstructionNone",
        8 => ",removeFromCRL",
        _ => string.Empty,
    };

    private static string Time(long unixMs)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        return t.Year < 2050 ? t.ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture) : t.ToString("yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>"C=DE,O=Example,CN=host" (RFC 4514 order as recorded) as "/C=DE/O=Example/CN=host".</summary>
    private static string Subject(string dn)
    {
        var text = new StringBuilder("/");
        for (var i = 0; i < dn.Length; i++)
        {
            switch (dn[i])
            {
                case '\\' when i + 1 < dn.Length:
                    text.Append(dn[++i]);
                    break;
                case ',':
                    text.Append('/');
                    break;
                case '/':
                    text.Append("\\/");
                    break;
                case '\t' or '\n' or '\r':
                    text.Append(' ');
                    break;
                default:
                    text.Append(dn[i]);
                    break;
            }
        }

        return text.ToString();
    }
}
