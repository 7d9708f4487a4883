using System.Text.Json;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// Exactly-once across a crash: sends a batch of requests with fixed ids, runs the kill script
/// (kill -9 of a daemon) once some answers are in, keeps resending every unanswered id until
/// each has an answer, then sends every id once more. Writes both rounds' answers; the test
/// compares them (a resent id must get the same certificate) and counts the database rows.
/// </summary>
internal static class ExactlyOnceDrive
{
    public static async Task<int> RunAsync(string linkPath, string root, int count, int killAfter, string killScript, string output)
    {
        await using var link = LinkClient.Open(linkPath);
        var requests = new LinkRequests(link, root);
        var tag = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, count).Select(i => $"once-{tag}-{i:D4}").ToArray();
        var csrs = ids.Select(LinkRequests.NewCsr).ToArray();
        var answered = 0;
        Task<SwitchTimes>? killing = null;
        var gate = new Lock();
        var first = await Task.WhenAll(ids.Select((id, i) => RotationDrive.Timed(async () =>
        {
            var a = await requests.SignAsync(id, csrs[i], TimeSpan.FromSeconds(150));
            lock (gate)
            {
                if (++answered == killAfter)
                {
                    killing = Task.Run(() => RotationDrive.RunScript(killScript));
                }
            }

            return a;
        })));
        var times = await (killing ?? Task.FromResult(new SwitchTimes(0, 0, -1)));
        var second = await Task.WhenAll(ids.Select((id, i) => RotationDrive.Timed(() => requests.SignAsync(id, csrs[i], TimeSpan.FromSeconds(60)))));
        await using var file = File.CreateText(output);
        await file.WriteLineAsync(JsonSerializer.Serialize(times));
        foreach (var (a, b) in first.Zip(second))
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(new[] { a, b }));
        }

        return times.ExitCode;
    }
}
