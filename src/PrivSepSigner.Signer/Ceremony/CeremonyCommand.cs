using System.Security.Cryptography;
using PrivSepSigner.Configuration;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>`privsep-signerd ceremony VERB --option value ...`: the key ceremonies, run by the operator as the signer user.</summary>
internal static class CeremonyCommand
{
    public const string Usage = """
        privsep-signerd ceremony root-key --config PATH --root NAME [--algorithm rsa-2048|rsa-3072|rsa-4096|p-256|p-384] [--subject DN] [--days N]
        privsep-signerd ceremony subca-request --config PATH --root NAME --algorithm A --subject DN --out FILE
        privsep-signerd ceremony install-cert --config PATH --root NAME --pending ID --certificate FILE
        privsep-signerd ceremony openpgp-key --config PATH --user-id UID
        privsep-signerd ceremony sign-csr --config PATH --root NAME --profile NAME --csr FILE --out FILE [--confirm SHA256]
            (issues on this host what the link may not ask for: sub-CA and OCSP-responder profiles)
        """;

    public static int Run(string[] args)
    {
        try
        {
            return args switch
            {
                ["root-key", .. var rest] => RootKeyCeremony.NewRootVersion(new(rest, ["--config", "--root", "--algorithm", "--subject", "--days"])),
                ["subca-request", .. var rest] => RootKeyCeremony.NewSubCaRequest(new(rest, ["--config", "--root", "--algorithm", "--subject", "--out"])),
                ["install-cert", .. var rest] => RootKeyCeremony.InstallCertificate(new(rest, ["--config", "--root", "--pending", "--certificate"])),
                ["openpgp-key", .. var rest] => OpenPgp(new(rest, ["--config", "--user-id"])),
                ["sign-csr", .. var rest] => SignCsrCeremony.Run(new(rest, ["--config", "--root", "--profile", "--csr", "--out", "--confirm"]), Console.In, Console.Out, Console.Error),
                _ => UsageError(),
            };
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException or ArgumentException
            or InvalidDataException or InvalidOperationException or CryptographicException or KeyUnavailableException or FormatException
            or Issuance.IssuanceException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"privsep-signerd ceremony: {e.Message}");
            return 1;
        }
    }

    private static int OpenPgp(CeremonyArguments a) => OpenPgpKeyCeremony.Run(a.Required("--config"), a.Required("--user-id"));

    private static int UsageError()
    {
        Console.Error.WriteLine("usage:\n" + Usage);
        return 2;
    }
}
