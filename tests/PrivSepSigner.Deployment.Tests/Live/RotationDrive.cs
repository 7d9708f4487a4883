using System.Diagnostics;
using System.Text.Json;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// Requests in flight across a key switch: sends signing requests at a steady rate (an open
/// loop: they keep coming whatever the answers do), part-way through runs the switch script
/// (the rotation ceremony and <c>systemctl reload privsep-signerd</c>) and goes on until a
/// while after it finished. Writes every answer and the switch's start and end times.
/// </summary>
internal static class RotationDrive
{
    public static async Task<int> RunAsync(string linkPath, string root, int rate, int seconds, int switchAfter, string switchScript, string output)
    {
        await using var link = LinkClient.Open(linkPath);
        var requests = new LinkRequests(link, root);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task<LiveAnswer>>();
        Task<SwitchTimes>? switching = null;
        TimeSpan? switched = null;
        // At least SECONDS, and on until 3 s after the switch has finished (however long the
        // ceremony takes), so requests are sent before, during and after it.
        for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds) || switched is null || clock.Elapsed < switched + TimeSpan.FromSeconds(3); i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            if (switching is null && clock.Elapsed >= TimeSpan.FromSeconds(switchAfter))
            {
                switching = Task.Run(() => RunScript(switchScript));
            }

            if (switched is null && switching is { IsCompleted: true })
            {
                switched = clock.Elapsed;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("the switch script did not finish within 2 minutes");
            }

            var id = $"rot-{started.ToUnixTimeMilliseconds()}-{i:D5}";
            var csr = LinkRequests.NewCsr(id);
            inFlight.Add(Timed(() => requests.SignAsync(id, csr, TimeSpan.FromSeconds(120))));
        }

        var times = await switching!;
        var answers = await Task.WhenAll(inFlight);
        await using var file = File.CreateText(output);
        await file.WriteLineAsync(JsonSerializer.Serialize(times));
        foreach (var a in answers)
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(a));
        }

        return times.ExitCode;
    }

    internal static async Task<LiveAnswer> Timed(Func<Task<LiveAnswer>> send)
    {
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var answer = await send();
        return answer with { SentMs = sent, AnsweredMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
    }

    internal static SwitchTimes RunScript(string script)
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var p = Process.Start(new ProcessStartInfo("/bin/sh", [script]) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {script}");
        p.WaitForExit();
        return new SwitchTimes(start, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), p.ExitCode);
    }
}
