using System.Text;
using PrivSepSigner.Logging.Sinks;
using PrivSepSigner.Logging.Targets;

namespace PrivSepSigner.Logging.Tests.Sinks;

public class TargetPumpTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_burst_reaches_a_stream_target_in_few_writes_of_whole_lines_in_order()
    {
        using var target = new GatedTarget(appendsNewline: true);
        var lines = Enumerable.Range(0, 200).Select(i => $"line {i} {new string('x', i % 40)}\n").ToArray();
        using (var pump = Start(target))
        {
            // The first write blocks until the whole burst is queued behind it.
            pump.TryEnqueue(0, Encoding.ASCII.GetBytes(lines[0]));
            Assert.True(target.FirstWriteStarted.Wait(Drain));
            for (var i = 1; i < lines.Length; i++)
            {
                pump.TryEnqueue((ulong)i, Encoding.ASCII.GetBytes(lines[i]));
            }

            target.Release();
            pump.Stop(Drain);
        }

        var writes = target.Writes;
        Assert.Equal(string.Concat(lines), string.Concat(writes));
        Assert.All(writes, w => Assert.EndsWith("\n", w, StringComparison.Ordinal));
        // One for the first line, one for the 199 queued behind it (about 5 KB, under one write's limit).
        Assert.Equal(2, writes.Count);
    }

    [Fact]
    public void Writes_to_a_stream_target_never_exceed_the_limit_unless_one_line_does()
    {
        using var target = new GatedTarget(appendsNewline: true);
        var line = new string('y', 1000) + "\n";
        var longLine = new string('z', TargetPump.MaxWriteBytes + 10) + "\n";
        using (var pump = Start(target))
        {
            pump.TryEnqueue(0, Encoding.ASCII.GetBytes(line));
            Assert.True(target.FirstWriteStarted.Wait(Drain));
            for (var i = 1; i <= 200; i++)
            {
                pump.TryEnqueue((ulong)i, Encoding.ASCII.GetBytes(i == 100 ? longLine : line));
            }

            target.Release();
            pump.Stop(Drain);
        }

        var writes = target.Writes;
        Assert.Equal(string.Concat(Enumerable.Range(0, 201).Select(i => i == 100 ? longLine : line)), string.Concat(writes));
        Assert.All(writes, w => Assert.True(w.Length <= TargetPump.MaxWriteBytes || w == longLine, $"a write of {w.Length} bytes"));
        Assert.Contains(longLine, writes);
    }

    [Fact]
    public void A_datagram_target_gets_one_line_per_write_without_its_newline()
    {
        using var target = new GatedTarget(appendsNewline: false);
        using (var pump = Start(target))
        {
            pump.TryEnqueue(0, "first\n"u8.ToArray());
            Assert.True(target.FirstWriteStarted.Wait(Drain));
            for (var i = 1; i < 50; i++)
            {
                pump.TryEnqueue((ulong)i, Encoding.ASCII.GetBytes($"line {i}\n"));
            }

            target.Release();
            pump.Stop(Drain);
        }

        Assert.Equal(["first", .. Enumerable.Range(1, 49).Select(i => $"line {i}")], target.Writes);
    }

    [Fact]
    public void Lines_taken_but_not_yet_written_count_against_the_capacity()
    {
        using var target = new GatedTarget(appendsNewline: true);
        using var pump = new TargetPump(target, 10, TimeSpan.FromSeconds(1), (_, _) => null, TimeProvider.System);
        pump.Start();
        pump.TryEnqueue(0, "held\n"u8.ToArray());
        Assert.True(target.FirstWriteStarted.Wait(Drain));
        for (var i = 1; i <= 50; i++)
        {
            pump.TryEnqueue((ulong)i, "more\n"u8.ToArray());
        }

        // The line in the blocked write is one of the ten: nine more fit, 41 are dropped.
        Assert.Equal(41, pump.DroppedTotal);
        target.Release();
        pump.Stop(Drain);
    }

    private static TargetPump Start(GatedTarget target)
    {
        var pump = new TargetPump(target, 10_000, TimeSpan.FromSeconds(1), (_, _) => null, TimeProvider.System);
        pump.Start();
        return pump;
    }
}
