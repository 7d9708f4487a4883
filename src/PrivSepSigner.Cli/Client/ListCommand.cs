using System.CommandLine;
using System.Text.Json;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Client;

/// <summary>
/// `list --link L [--root R] [--revoked] [filters] [--json]`: what the CA issued (serial, subject,
/// notAfter, status), paged through ListCertificatesRequest so a CA of a million certificates is
/// listed in constant memory. --json prints one JSON array, streamed element by element.
/// </summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var command = new Command("list", "list issued certificates (paged; filters by root, profile, status, expiry window)") { json };
        var filter = CertificateFilter.AddTo(command);
        var link = new FrontEndOptions().AddTo(command);
        command.SetAction(CliApplication.Action(async (p, stdout, ct) =>
        {
            await using var front = link.Open(p);
            var now = DateTimeOffset.UtcNow;
            var asJson = p.GetValue(json);
            var count = 0;
            await stdout.WriteLineAsync(asJson ? "[" : $"{"SERIAL",-40}  {"ROOT",-12}  {"PROFILE",-16}  {"STATUS",-7}  {"NOT AFTER",-20}  SUBJECT");
            await foreach (var c in filter.ReadAsync(p, front, withCertificates: false, ct))
            {
                var view = CertificateView.Of(c, now);
                if (asJson)
                {
                    await stdout.WriteAsync((count == 0 ? "  " : ",\n  ") + JsonSerializer.Serialize(view, CliJson.Compact));
                }
                else
                {
                    await stdout.WriteLineAsync($"{view.Serial,-40}  {view.Root,-12}  {view.Profile,-16}  {view.Status,-7}  {view.NotAfter,-20}  {view.Subject}");
                }

                count++;
            }

            await stdout.WriteLineAsync(asJson ? (count == 0 ? "]" : "\n]") : $"{count} certificates");
            return 0;
        }));
        return command;
    }
}
