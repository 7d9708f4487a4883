using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivSepSigner.Cli.Client;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Cli.Development.Supervision;
using PrivSepSigner.Configuration;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Development;

/// <summary>
/// `demo`: the one-command main job. Creates a development installation in a temporary
/// directory, starts both daemons connected to this process by a pseudo-terminal pair,
/// signs requests of several key types under both roots, verifies every certificate
/// against its root, prints a summary and removes everything it made.
/// </summary>
internal static class DemoCommand
{
    private static readonly (string Root, string Profile, string Key)[] Cases =
    [
        ("root-rsa", "client", "RSA-2048"),
        ("root-rsa", "server", "P-256"),
        ("root-rsa", "server-org", "RSA-3072"),
        ("root-rsa", "client-codesign", "P-384"),
        ("root-ec", "client", "P-256"),
        ("root-ec", "server", "RSA-2048"),
        ("root-ec", "timestamp", "P-384"),
        ("root-ec", "client-org", "RSA-2048"),
    ];

    public static Command Create()
    {
        var verbose = new Option<bool>("--verbose") { Description = "show the daemons' log (audit lines included) on stderr; otherwise it is kept out of the summary and shown only on a failure" };
        var command = new Command("demo", "init, up, sign and verify in a temporary directory, then clean up") { verbose };
        command.SetAction(CliApplication.Action((p, stdout, _) => RunAsync(stdout, p.GetValue(verbose))));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter stdout, bool verbose)
    {
        var dir = Directory.CreateTempSubdirectory("privsep-demo-");
        try
        {
            var config = DevInstallation.Create(dir.FullName, new DevInstallationOptions(LinkKind.Pty, DevInstallationOptions.DefaultRoots));
            await stdout.WriteLineAsync($"installation: {dir.FullName} (roots root-rsa, root-ec; link: pseudo-terminal)");
            var output = verbose ? DaemonOutput.Inherit : DaemonOutput.ToFile(Path.Combine(dir.FullName, "daemons.log"));
            var failures = 0;
            await using (var supervisor = new Supervisor(config, Console.Error, output))
            {
                supervisor.Start();
                await using var link = await ConnectAsync(Path.Combine(dir.FullName, DevInstallation.LinkName));
                foreach (var (root, profile, key) in Cases)
                {
                    failures += await SignAndVerifyAsync(link, root, profile, key, stdout) ? 0 : 1;
                }
            }

            await stdout.WriteLineAsync(failures == 0
                ? $"demo: {Cases.Length} certificates issued over the link and verified against their roots"
                : $"demo: {failures} of {Cases.Length} FAILED");
            if (failures != 0 && !verbose)
            {
                await Console.Error.WriteLineAsync("demo: the daemons' last log lines:\n" + output.Tail(40));
            }

            return failures == 0 ? 0 : 1;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Waits for the comm handler to publish the link and the signer to answer.</summary>
    private static async Task<FrontEnd> ConnectAsync(string linkPath)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            FrontEnd? link = null;
            try
            {
                if (File.Exists(linkPath))
                {
                    link = FrontEnd.Open(linkPath, TimeSpan.FromSeconds(5));
                    var id = FrontEnd.NewRequestId();
                    await link.AskAsync<StatusResponse>(MessageType.StatusRequest, new StatusRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now }, id);
                    return link;
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException or RefusedException)
            {
                if (link is not null)
                {
                    await link.DisposeAsync();
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"the daemons did not come up on {linkPath} within 60 s");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<bool> SignAndVerifyAsync(FrontEnd link, string root, string profile, string keyKind, TextWriter stdout)
    {
        var id = FrontEnd.NewRequestId();
        var caAnswer = await link.AskAsync<CaCertResponse>(MessageType.CaCertRequest, new CaCertRequest { RequestId = id, FrontEndTimeUnixMs = FrontEnd.Now, Root = root }, id);
        using var ca = X509CertificateLoader.LoadCertificate(caAnswer.Certificate);
        var signId = FrontEnd.NewRequestId();
        SignX509Response answer;
        try
        {
            answer = await link.AskAsync<SignX509Response>(MessageType.SignX509Request, new SignX509Request
            {
                RequestId = signId,
                FrontEndTimeUnixMs = FrontEnd.Now,
                Root = root,
                Profile = profile,
                Csr = DemoRequests.Create(keyKind, profile),
            }, signId);
        }
        catch (RefusedException e)
        {
            await stdout.WriteLineAsync($"  {root,-9} {profile,-16} {keyKind,-9} REFUSED {e.Message}");
            return false;
        }

        using var cert = X509CertificateLoader.LoadCertificate(answer.Certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(cert) && chain.ChainElements[^1].Certificate.Thumbprint == ca.Thumbprint;
        await stdout.WriteLineAsync($"  {root,-9} {profile,-16} {keyKind,-9} serial {answer.SerialHex} {(ok ? "verified" : "DOES NOT VERIFY")}  {cert.Subject}");
        return ok;
    }
}
