using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;
using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>
/// The spool and the state on a small tmpfs that fills up: the front end gets "retry later"
/// (or "unavailable"), nothing is corrupted, and when space returns every request id gets
/// exactly one certificate. Needs root for the mount (CI runs as root).
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_gets_retry_later_corrupts_nothing_and_work_resumes()
    {
        Assert.True(Environment.UserName == "root", "mounting a tmpfs needs root (CI runs as root)");
        var mount = Directory.CreateTempSubdirectory("pss-full-").FullName;
        Assert.Equal(0, (await Tool.RunAsync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount])).ExitCode);
        var dir = Path.Combine(mount, "ca");
        try
        {
            await using (var host = await SignerHost.StartAsync("unix", dir, c => c["limits"] = new JsonObject { ["answerTimeoutSeconds"] = 5 }))
            {
                await using var link = LinkClient.Open(host.Link);
                var csr = await TestCsrs.OpenSslP256DerAsync();
                Assert.Equal(MessageType.SignX509Response, (await SendAsync(link, "full-0", csr)).Type);

                var filler = Path.Combine(mount, "filler");
                var fill = await Tool.RunAsync("dd", ["if=/dev/zero", $"of={filler}", "bs=64k"]);
                Assert.NotEqual(0, fill.ExitCode); // it stopped because the disk is full

                for (var i = 1; i <= 5; i++)
                {
                    var frame = await SendAsync(link, $"full-{i}", csr);
                    Assert.Equal(MessageType.ErrorResponse, frame.Type);
                    Assert.Contains(MessageCodec.Deserialize<ErrorResponse>(frame.Body).Code, new[] { ErrorCode.RetryLater, ErrorCode.Unavailable });
                }

                File.Delete(filler);
                for (var i = 1; i <= 5; i++)
                {
                    var frame = await SendAsync(link, $"full-{i}", csr);
                    for (var attempt = 0; frame.Type != MessageType.SignX509Response && attempt < 60; attempt++)
                    {
                        await Task.Delay(500);
                        frame = await SendAsync(link, $"full-{i}", csr);
                    }

                    Assert.Equal(MessageType.SignX509Response, frame.Type);
                }

                using (var db = new SqliteConnection($"Data Source={Path.Combine(dir, "state", "issuance.db")};Mode=ReadOnly;Pooling=False"))
                {
                    db.Open();
                    using var check = db.CreateCommand();
                    check.CommandText = "PRAGMA integrity_check;";
                    Assert.Equal("ok", check.ExecuteScalar());
                    using var count = db.CreateCommand();
                    count.CommandText = "SELECT request_id, COUNT(*) FROM certificates WHERE request_id LIKE 'full-%' GROUP BY request_id;";
                    using var rows = count.ExecuteReader();
                    var ids = 0;
                    while (rows.Read())
                    {
                        Assert.Equal(1L, rows.GetInt64(1));
                        ids++;
                    }

                    Assert.Equal(6, ids);
                }

                foreach (var file in Directory.GetFiles(Path.Combine(dir, "spool", "incoming")).Concat(Directory.GetFiles(Path.Combine(dir, "spool", "outbox"))))
                {
                    byte[] bytes;
                    try
                    {
                        bytes = File.ReadAllBytes(file);
                    }
                    catch (FileNotFoundException)
                    {
                        continue; // consumed (answered and acknowledged) since the listing
                    }

                    _ = PrivSepSigner.Spool.Format.SpoolEntryCodec.Decode(bytes, Path.GetFileName(file)); // no partial entry is ever visible
                }
            }
        }
        finally
        {
            await Tool.RunAsync("umount", ["-l", mount]);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static Task<Frame> SendAsync(LinkClient link, string id, byte[] csr) => link.SignX509Async(id, csr, TimeSpan.FromSeconds(30));
}
