using Mono.Unix.Native;
using PrivSepSigner.Spool.Tests.TestSupport;

namespace PrivSepSigner.Spool.Tests;

public sealed class SpoolLayoutTests
{
    [Fact]
    public void NamesEveryPartUnderTheRoot()
    {
        var layout = new SpoolLayout("/var/spool/pss");

        Assert.Equal("/var/spool/pss/incoming", layout.Incoming);
        Assert.Equal("/var/spool/pss/incoming.tmp", layout.IncomingTmp);
        Assert.Equal("/var/spool/pss/outbox", layout.Outbox);
        Assert.Equal("/var/spool/pss/outbox.tmp", layout.OutboxTmp);
        Assert.Equal("/var/spool/pss/ack", layout.Ack);
        Assert.Equal("/var/spool/pss/ack.tmp", layout.AckTmp);
        Assert.Equal("/var/spool/pss/quarantine", layout.Quarantine);
        Assert.Equal("/var/spool/pss/incoming.fifo", layout.IncomingDoorbell);
        Assert.Equal("/var/spool/pss/outbox.fifo", layout.OutboxDoorbell);
    }

    [Fact]
    public void CreateForDevelopmentMakesPrivateDirectoriesAndFifosIdempotently()
    {
        using var temp = new TempDir();
        var layout = new SpoolLayout(temp.Combine("spool"));

        layout.CreateForDevelopment();
        layout.CreateForDevelopment();

        foreach (var dir in new[] { layout.Root, layout.Incoming, layout.IncomingTmp, layout.Outbox, layout.OutboxTmp, layout.Ack, layout.AckTmp, layout.Quarantine })
        {
            Assert.Equal(0x1C0, TestSpool.ModeOf(dir)); // 0700
        }

        foreach (var fifo in new[] { layout.IncomingDoorbell, layout.OutboxDoorbell })
        {
            Assert.Equal(0, Syscall.lstat(fifo, out var st));
            Assert.Equal(FilePermissions.S_IFIFO, st.st_mode & FilePermissions.S_IFMT);
            Assert.Equal(0x180, (int)st.st_mode & 0xFFF); // 0600
        }
    }

    [Fact]
    public void CreateForDevelopmentRefusesAFileWhereAFifoBelongs()
    {
        using var temp = new TempDir();
        var layout = new SpoolLayout(temp.Combine("spool"));
        Directory.CreateDirectory(layout.Root);
        File.WriteAllText(layout.OutboxDoorbell, "x");

        Assert.Throws<IOException>(layout.CreateForDevelopment);
    }
}
