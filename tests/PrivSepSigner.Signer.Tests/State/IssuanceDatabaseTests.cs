using Microsoft.Data.Sqlite;
using PrivSepSigner.Signer.State;

namespace PrivSepSigner.Signer.Tests.State;

/// <summary>
/// The signer's SQLite issuance database: what a batch commits is found again (also after a
/// reopen), a serial is never recorded twice, and a batch that fails commits nothing of itself.
/// </summary>
public sealed class IssuanceDatabaseTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("pss-db-");

    private string DbPath => Path.Combine(dir.FullName, "issuance.db");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public void A_committed_certificate_and_answer_are_found_again_after_a_reopen()
    {
        using (var db = new IssuanceDatabase(DbPath))
        {
            db.Commit([Record("0a1b", "spki-1")], [], [new StoredAnswer("req-1", "fp-1", 0x81, [1, 2, 3])], Now);
        }

        using var reopened = new IssuanceDatabase(DbPath);
        Assert.Equal(1, reopened.IssuedCount);
        Assert.True(reopened.SerialExists("0a1b"));
        Assert.False(reopened.SerialExists("0a1c"));
        Assert.True(reopened.KeyCertified("spki-1"));
        Assert.False(reopened.KeyCertified("spki-2"));
        var status = reopened.FindCertificate("root", "0a1b");
        Assert.NotNull(status);
        Assert.Equal(Now.AddDays(30), status.NotAfter);
        Assert.Null(status.RevokedAt);
        Assert.Null(reopened.FindCertificate("other-root", "0a1b"));
        var answer = reopened.FindAnswer("req-1");
        Assert.NotNull(answer);
        Assert.Equal(("fp-1", (byte)0x81), (answer.Fingerprint, answer.ResponseType));
        Assert.Equal([1, 2, 3], answer.Response);
    }

    [Fact]
    public void A_duplicate_serial_is_refused_and_nothing_of_its_batch_is_committed()
    {
        using var db = new IssuanceDatabase(DbPath);
        db.Commit([Record("0a1b", "spki-1")], [], [], Now);

        var e = Assert.Throws<SqliteException>(() => db.Commit([Record("0c0d", "spki-3"), Record("0a1b", "spki-2")], [], [new StoredAnswer("req-2", "fp-2", 0x81, [4])], Now));

        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT: serial is the primary key
        Assert.Equal(1, db.IssuedCount);
        Assert.False(db.SerialExists("0c0d"));
        Assert.False(db.KeyCertified("spki-2"));
        Assert.Null(db.FindAnswer("req-2"));
    }

    [Fact]
    public void A_revocation_is_recorded_with_its_date_and_reason()
    {
        using var db = new IssuanceDatabase(DbPath);
        db.Commit([Record("0a1b", "spki-1")], [], [], Now);

        db.Commit([], [new RevocationRecord("root", "0a1b", Now.AddHours(1), 1)], [], Now.AddHours(1));

        var status = db.FindCertificate("root", "0a1b");
        Assert.NotNull(status);
        Assert.Equal(Now.AddHours(1), status.RevokedAt);
        Assert.Equal(1, status.Reason);
    }

    private static IssuedRecord Record(string serial, string spki) =>
        new(serial, "root", "issuer-sha256", "server", "req-" + serial, "CN=test", spki, Now, Now.AddDays(30), Now, [0x30, 0x00]);
}
