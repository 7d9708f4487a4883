using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `export --link L [filters] [--format jsonl|index-txt] [--out FILE]`: the issued certificates and
/// their revocations, paged like `list`: JSON lines (each with the DER certificate in base64), or
/// the index.txt of `openssl ca` (so `openssl ca -gencrl` or `-status` can be run against it).
/// With --out the file appears complete or not at all (written beside it, then renamed).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var format = CliOptions.OneOf("--format", "JSON lines with the certificates, or openssl ca's index.txt", "jsonl", "jsonl", "index-txt");
        var output = new Option<string>("--out") { HelpName = "FILE", Description = "write to FILE (complete or not at all) instead of stdout" };
        var command = new Command("export", "export issued certificates and revocations as JSON lines or an openssl ca index.txt") { format, output };
        var filter = CertificateFilter.AddTo(command);
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            var index = p.GetRequiredValue(format) == "index-txt";
            var path = p.GetValue(output);
            var temporary = path is null ? null : $"{Path.GetFullPath(path)}.tmp-{Environment.ProcessId}";
            await using (var writer = temporary is null ? null : new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            {
                var target = writer ?? stdout;
                target.NewLine = "\n";
                await using var front = link.Open(p);
                var now = DateTimeOffset.UtcNow;
                await foreach (var c in filter.ReadAsync(p, front, withCertificates: !index, ct))
                {
                    await target.WriteLineAsync(index ? OpenSslIndex.Line(c, now) : JsonLine(c, now));
                }
            }

            if (temporary is not null)
            {
                File.Move(temporary, path!, overwrite: true);
                if (index)
                {
                    // The index lists many certificates of one subject (renewals): openssl ca must not insist on unique ones.
                    await File.WriteAllTextAsync(path + ".attr", "unique_subject = no\n", ct);
                }
            }

            return 0;
        }));
        return command;
    }

    private static string JsonLine(CertificateSummary c, DateTimeOffset now)
    {
        var node = JsonSerializer.SerializeToNode(CertificateView.Of(c, now), CliJson.Compact)!.AsObject();
        node["certificate"] = c.Certificate is { } der ? Convert.ToBase64String(der) : null;
        return node.ToJsonString(CliJson.Compact);
    }
}
