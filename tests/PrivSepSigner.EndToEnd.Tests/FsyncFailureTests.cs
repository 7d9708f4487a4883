using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// fsync fails (strace fault injection, EIO): nothing is published as done. A comm handler
/// whose fsyncs fail answers "retry later" and leaves no entry; a signer whose fsyncs fail
/// publishes no answer and records nothing; once the fault is gone the request is issued once.
/// </summary>
public sealed class FsyncFailureTests : IAsyncLifetime
{
    private readonly List<Process> daemons = [];
    private string dir = "";

    public async Task InitializeAsync()
    {
        dir = Directory.CreateTempSubdirectory("pss-fsync-").FullName;
        await Installation.InitAsync(dir);
        Installation.Configure(dir, config => config["limits"] = new JsonObject { ["answerTimeoutSeconds"] = 4 });
    }

    public Task DisposeAsync()
    {
        daemons.ForEach(Stop);
        Directory.Delete(dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_failing_fsync_never_publishes_anything_as_done()
    {
        var csr = await TestCsrs.OpenSslP256DerAsync();
        var link = Path.Combine(dir, "link");

        // 1. The comm handler's fsyncs fail: retry later, and no entry in incoming.
        var signer = Start("privsep-signerd", failFsync: false);
        var comm = Start("privsep-comm", failFsync: true);
        await using (var client = await OpenAsync(link))
        {
            var frame = await SendAsync(client, "fsync-1", csr);
            Assert.Equal(MessageType.ErrorResponse, frame.Type);
            Assert.Equal(ErrorCode.RetryLater, MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "spool", "incoming")));
        }

        Stop(comm);
        Stop(signer);

        // 2. The signer's fsyncs fail: no answer is published and nothing is recorded.
        signer = Start("privsep-signerd", failFsync: true);
        comm = Start("privsep-comm", failFsync: false);
        await using (var client = await OpenAsync(link))
        {
            var frame = await SendAsync(client, "fsync-1", csr);
            Assert.Equal(MessageType.ErrorResponse, frame.Type);
            Assert.Equal(ErrorCode.Unavailable, MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code);
            Assert.Empty(Directory.GetFiles(Path.Combine(dir, "spool", "outbox")));
        }

        Stop(signer);

        // SQLite may leave the failed commit's frames in the WAL, unsynced; a later open treats
        // them as committed. That is consistent: no answer was published, and a replay returns
        // the recorded certificate rather than issuing another (checked below).
        Assert.InRange(IssuedFor("fsync-1"), 0, 1);

        // 3. Fault gone: the queued request is issued exactly once.
        Start("privsep-signerd", failFsync: false);
        await using (var client = await OpenAsync(link))
        {
            var frame = await SendAsync(client, "fsync-1", csr);
            for (var i = 0; frame.Type != MessageType.SignX509Response && i < 40; i++)
            {
                await Task.Delay(250);
                frame = await SendAsync(client, "fsync-1", csr);
            }

            Assert.Equal(MessageType.SignX509Response, frame.Type);
        }

        Assert.Equal(1, IssuedFor("fsync-1"));
    }

    private Process Start(string daemon, bool failFsync)
    {
        var info = failFsync
            ? new ProcessStartInfo("strace") { ArgumentList = { "-f", "-qq", "-o", "/dev/null", "-e", "trace=fsync,fdatasync", "-e", "inject=fsync,fdatasync:error=EIO", Tool.Bin(daemon), "--config", Path.Combine(dir, "config.json") } }
            : new ProcessStartInfo(Tool.Bin(daemon)) { ArgumentList = { "--config", Path.Combine(dir, "config.json") } };
        info.UseShellExecute = false;
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        var p = Process.Start(info)!;
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        daemons.Add(p);
        return p;
    }

    private static void Stop(Process p)
    {
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    private int IssuedFor(string requestId)
    {
        var path = Path.Combine(dir, "state", "issuance.db");
        if (!File.Exists(path))
        {
            return 0;
        }

        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using (var exists = db.CreateCommand())
        {
            // A signer whose every fsync failed may never have created its schema durably.
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'certificates';";
            if (Convert.ToInt32(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return 0;
            }
        }

        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM certificates WHERE request_id = $r;";
        cmd.Parameters.AddWithValue("$r", requestId);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<LinkClient> OpenAsync(string link)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                if (File.Exists(link))
                {
                    return LinkClient.Open(link);
                }
            }
            catch (Exception e) when (i < 200 && e is IOException or System.Net.Sockets.SocketException)
            {
            }

            Assert.True(i < 200, "the link did not appear");
            await Task.Delay(100);
        }
    }

    private static Task<Frame> SendAsync(LinkClient link, string id, byte[] csr) => link.SignX509Async(id, csr, TimeSpan.FromSeconds(30));
}
