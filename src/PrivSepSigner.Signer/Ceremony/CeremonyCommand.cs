using System.CommandLine;
using System.Security.Cryptography;
using PrivSepSigner.CommandLine;
using PrivSepSigner.Configuration;
using PrivSepSigner.Keys;

namespace PrivSepSigner.Signer.Ceremony;

/// <summary>
/// `privsep-signerd ceremony VERB --option value ...`: the key ceremonies, run by the operator as
/// the signer user. `privsep-signer ceremony ...` passes its arguments here unchanged, so this
/// tree is the one definition of the ceremonies' options (and of their --help).
/// </summary>
internal static class CeremonyCommand
{
    public static Command Create()
    {
        var ceremony = new Command("ceremony", "key ceremonies (run as the signer user; see docs/key-management.md)");
        ceremony.Subcommands.Add(RootKey());
        ceremony.Subcommands.Add(SubCaRequest());
        ceremony.Subcommands.Add(InstallCert());
        ceremony.Subcommands.Add(OpenPgpKey());
        ceremony.Subcommands.Add(SignCsr());
        return ceremony;
    }

    private static Command RootKey()
    {
        var (config, root) = (ConfigOption.Create(), RootOption());
        var algorithm = AlgorithmOption(required: false);
        var subject = SubjectOption(required: false);
        var days = new Option<int>("--days") { HelpName = "N", Description = "validity of the self-signed CA certificate in days", DefaultValueFactory = _ => 3650 };
        days.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 36525)
            {
                r.AddError("--days must be 1..36525");
            }
        });
        var command = new Command("root-key", "a new key and self-signed CA certificate as the next version, made current (a root's first key needs --algorithm and --subject; later ones default to the current version's)")
        {
            config, root, algorithm, subject, days,
        };
        command.SetAction(p => Guard(() => RootKeyCeremony.NewRootVersion(p.GetRequiredValue(config), p.GetRequiredValue(root), p.GetValue(algorithm), p.GetValue(subject), p.GetValue(days))));
        return command;
    }

    private static Command SubCaRequest()
    {
        var (config, root) = (ConfigOption.Create(), RootOption());
        var algorithm = AlgorithmOption(required: true);
        var subject = SubjectOption(required: true);
        var output = new Option<string>("--out") { Required = true, HelpName = "FILE", Description = "where to write the PKCS#10 request for the parent CA" };
        var command = new Command("subca-request", "a new key kept pending (keys/ROOT/pending-ID), and its PKCS#10 request for the parent CA")
        {
            config, root, algorithm, subject, output,
        };
        command.SetAction(p => Guard(() => RootKeyCeremony.NewSubCaRequest(p.GetRequiredValue(config), p.GetRequiredValue(root), p.GetRequiredValue(algorithm), p.GetRequiredValue(subject), p.GetRequiredValue(output))));
        return command;
    }

    private static Command InstallCert()
    {
        var (config, root) = (ConfigOption.Create(), RootOption());
        var pending = new Option<string>("--pending") { Required = true, HelpName = "ID", Description = "the 8-character id subca-request printed" };
        var certificate = new Option<string>("--certificate") { Required = true, HelpName = "FILE", Description = "the parent CA's certificate for the pending key (PEM)" };
        var command = new Command("install-cert", "checks that the certificate is a CA certificate for the pending key, makes it the next version, switches current")
        {
            config, root, pending, certificate,
        };
        command.SetAction(p => Guard(() => RootKeyCeremony.InstallCertificate(p.GetRequiredValue(config), p.GetRequiredValue(root), p.GetRequiredValue(pending), p.GetRequiredValue(certificate))));
        return command;
    }

    private static Command OpenPgpKey()
    {
        var config = ConfigOption.Create();
        var userId = new Option<string>("--user-id") { Required = true, HelpName = "UID", Description = "the key's user ID, e.g. \"Example CA <ca@example.org>\"" };
        var command = new Command("openpgp-key", "the CA's OpenPGP key; when one exists, a rotation: the old key is kept as FILE.N and the new one takes its place")
        {
            config, userId,
        };
        command.SetAction(p => Guard(() => OpenPgpKeyCeremony.Run(p.GetRequiredValue(config), p.GetRequiredValue(userId))));
        return command;
    }

    private static Command SignCsr()
    {
        var (config, root) = (ConfigOption.Create(), RootOption());
        var profile = new Option<string>("--profile") { Required = true, HelpName = "NAME", Description = "the profile (any of the root's; sub-CA and OCSP-responder profiles are issued only here)" };
        var csr = new Option<string>("--csr") { Required = true, HelpName = "FILE", Description = "the PKCS#10 request (PEM or DER)" };
        var output = new Option<string>("--out") { Required = true, HelpName = "FILE", Description = "where to write the certificate (PEM); must not exist" };
        var confirm = new Option<string>("--confirm") { HelpName = "SHA256", Description = "the request file's SHA-256 (sha256sum), confirming without a prompt" };
        var command = new Command("sign-csr", "issue on this host what the link may not ask for (sub-CA, OCSP responder): every check a link request gets, then what will be issued is shown and nothing is signed until the operator confirms")
        {
            config, root, profile, csr, output, confirm,
        };
        command.SetAction(p => Guard(() => SignCsrCeremony.Run(p.GetRequiredValue(config), p.GetRequiredValue(root), p.GetRequiredValue(profile), p.GetRequiredValue(csr), p.GetRequiredValue(output), p.GetValue(confirm), Console.In, Console.Out, Console.Error)));
        return command;
    }

    private static Option<string> RootOption() => new("--root") { Required = true, HelpName = "NAME", Description = "the root, as named in config.json" };

    private static Option<string> AlgorithmOption(bool required)
    {
        var option = new Option<string>("--algorithm") { Required = required, HelpName = "ALGORITHM", Description = "the CA key's type" };
        option.AcceptOnlyFromAmong([.. KeyAlgorithms.Names]);
        return option;
    }

    private static Option<string> SubjectOption(bool required) =>
        new("--subject") { Required = required, HelpName = "DN", Description = "the CA's distinguished name, e.g. \"CN=Example Root CA, O=Example\"" };

    /// <summary>A ceremony that fails says why on stderr and exits 1; nothing is made current.</summary>
    private static int Guard(Func<int> ceremony)
    {
        try
        {
            return ceremony();
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException or ArgumentException
            or InvalidDataException or InvalidOperationException or CryptographicException or KeyUnavailableException or FormatException
            or Issuance.IssuanceException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"privsep-signerd ceremony: {e.Message}");
            return 1;
        }
    }
}
