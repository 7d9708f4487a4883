using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// The signer's durable record of everything it issued, in SQLite (WAL, synchronous=FULL).
/// A batch's certificates and answers are committed in one transaction before any answer
/// is published, so an answer the front end sees is always on disk first. Serial numbers
/// are unique by constraint. Only the signer process opens this file.
/// </summary>
/// <remarks>
/// Two connections: the writer commits batches (and serves everything else), and a
/// read-only one answers the per-request lookups (request id, serial, certified key). WAL
/// lets those read the last committed state while a commit waits on its fsync, so the
/// batch being answered is not held up by the batch being committed.
/// </remarks>
internal sealed partial class IssuanceDatabase : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS certificates (
            serial      TEXT PRIMARY KEY,
            root        TEXT NOT NULL,
            profile     TEXT NOT NULL,
            request_id  TEXT NOT NULL,
            subject     TEXT NOT NULL,
            spki_sha256 TEXT NOT NULL,
            not_before  INTEGER NOT NULL,
            not_after   INTEGER NOT NULL,
            issued_at   INTEGER NOT NULL,
            der         BLOB NOT NULL,
            revoked_at  INTEGER,
            revocation_reason INTEGER,
            issuer      TEXT NOT NULL DEFAULT '',
            invalidity_date   INTEGER,
            status_changed_at INTEGER
        ) STRICT;
        CREATE INDEX IF NOT EXISTS certificates_spki ON certificates (spki_sha256);
        CREATE TABLE IF NOT EXISTS answers (
            request_id    TEXT PRIMARY KEY,
            fingerprint   TEXT NOT NULL,
            response_type INTEGER NOT NULL,
            response      BLOB NOT NULL,
            answered_at   INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE IF NOT EXISTS crls (
            root        TEXT NOT NULL,
            number      INTEGER NOT NULL,
            base_number INTEGER,
            this_update INTEGER NOT NULL,
            next_update INTEGER NOT NULL,
            der         BLOB NOT NULL,
            revoked_count INTEGER NOT NULL,
            issuer      TEXT NOT NULL DEFAULT '',
            sha256      TEXT NOT NULL DEFAULT '',
            length      INTEGER NOT NULL DEFAULT 0,
            generation  INTEGER NOT NULL DEFAULT -1,
            PRIMARY KEY (root, number)
        ) STRICT;
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) STRICT;
        """;

    // After the columns they index exist (databases made before them get the columns first).
    private const string Indexes = """
        CREATE INDEX IF NOT EXISTS certificates_revoked ON certificates (root, issuer) WHERE revoked_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS certificates_status_change ON certificates (root, issuer, status_changed_at) WHERE status_changed_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS certificates_listing ON certificates (root, serial);
        """;

    private readonly string path;
    private readonly SqliteConnection connection;
    private readonly SqliteConnection reader;
    private readonly PreparedStatement serialExists;
    private readonly PreparedStatement keyCertified;
    private readonly PreparedStatement findAnswer;
    private readonly PreparedStatement insertCertificate;
    private readonly PreparedStatement insertAnswer;
    private readonly PreparedStatement raiseLastTimeUsed;

    // Each connection is used by several threads: serialize access to each.
    private readonly Lock gate = new();
    private readonly Lock readGate = new();

    public IssuanceDatabase(string path)
    {
        this.path = path;
        connection = Open(path, SqliteOpenMode.ReadWriteCreate);
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA foreign_keys=ON;");
        Execute(Schema);
        AddIssuerColumns();
        AddRevocationColumns();
        Execute(Indexes);
        reader = Open(path, SqliteOpenMode.ReadOnly);
        serialExists = new PreparedStatement(reader, "SELECT 1 FROM certificates WHERE serial = $s;", "$s");
        keyCertified = new PreparedStatement(reader, "SELECT 1 FROM certificates WHERE spki_sha256 = $k LIMIT 1;", "$k");
        findAnswer = new PreparedStatement(reader, "SELECT fingerprint, response_type, response FROM answers WHERE request_id = $r;", "$r");
        insertCertificate = new PreparedStatement(
            connection,
            """
            INSERT INTO certificates (serial, root, issuer, profile, request_id, subject, spki_sha256, not_before, not_after, issued_at, der)
            VALUES ($serial, $root, $issuer, $profile, $rid, $subject, $spki, $nb, $na, $at, $der);
            """,
            "$serial", "$root", "$issuer", "$profile", "$rid", "$subject", "$spki", "$nb", "$na", "$at", "$der");
        insertAnswer = new PreparedStatement(
            connection,
            "INSERT INTO answers (request_id, fingerprint, response_type, response, answered_at) VALUES ($rid, $fp, $type, $resp, $at);",
            "$rid", "$fp", "$type", "$resp", "$at");
        raiseLastTimeUsed = new PreparedStatement(
            connection,
            "INSERT INTO meta (key, value) VALUES ('last_time_used', $v) ON CONFLICT(key) DO UPDATE SET value = max(value, $v);",
            "$v");
    }

    public long IssuedCount
    {
        get
        {
            lock (gate)
            {
                return (long)Scalar("SELECT COUNT(*) FROM certificates;")!;
            }
        }
    }

    public bool SerialExists(string serialHex)
    {
        lock (readGate)
        {
            return serialExists.With(null, serialHex).ExecuteScalar() is not null;
        }
    }

    /// <summary>Whether this CA already certified the public key (by SubjectPublicKeyInfo SHA-256).</summary>
    public bool KeyCertified(string spkiSha256Hex)
    {
        lock (readGate)
        {
            return keyCertified.With(null, spkiSha256Hex).ExecuteScalar() is not null;
        }
    }

    public StoredAnswer? FindAnswer(string requestId)
    {
        lock (readGate)
        {
            using var row = findAnswer.With(null, requestId).ExecuteReader();
            return row.Read() ? new StoredAnswer(requestId, row.GetString(0), (byte)row.GetInt64(1), (byte[])row.GetValue(2)) : null;
        }
    }

    public CertificateStatus? FindCertificate(string root, string serialHex)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT not_after, revoked_at, revocation_reason, invalidity_date FROM certificates WHERE root = $root AND serial = $s;";
            cmd.Parameters.AddWithValue("$root", root);
            cmd.Parameters.AddWithValue("$s", serialHex);
            using var row = cmd.ExecuteReader();
            if (!row.Read())
            {
                return null;
            }

            return new CertificateStatus(
                serialHex,
                DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(0)),
                row.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)),
                row.IsDBNull(2) ? null : (int)row.GetInt64(2),
                row.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)));
        }
    }

    /// <summary>Commits a batch atomically: certificates, revocations, answers and the last time used.</summary>
    public void Commit(IReadOnlyList<IssuedRecord> issued, IReadOnlyList<RevocationRecord> revocations, IReadOnlyList<StoredAnswer> answers, DateTimeOffset lastTimeUsed)
    {
        lock (gate)
        {
            if (issued.Count == 0 && answers.Count == 0 && revocations.Count == 0)
            {
                return;
            }

            using var tx = connection.BeginTransaction();
            foreach (var r in issued)
            {
                insertCertificate.With(
                    tx, r.SerialHex, r.Root, r.Issuer, r.Profile, r.RequestId, r.Subject, r.SpkiSha256Hex,
                    r.NotBefore.ToUnixTimeMilliseconds(), r.NotAfter.ToUnixTimeMilliseconds(), r.IssuedAt.ToUnixTimeMilliseconds(), r.Der).ExecuteNonQuery();
            }

            foreach (var r in revocations)
            {
                ApplyRevocation(tx, r);
            }

            foreach (var root in revocations.Select(r => r.Root).Distinct(StringComparer.Ordinal))
            {
                // Every revocation change makes the root's delta CRLs stale (IssuanceDatabase.Crls).
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO meta (key, value) VALUES ($key, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1;";
                cmd.Parameters.AddWithValue("$key", GenerationKey(root));
                cmd.ExecuteNonQuery();
            }

            var answeredAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var a in answers)
            {
                insertAnswer.With(tx, a.RequestId, a.Fingerprint, (long)a.ResponseType, a.Response, answeredAt).ExecuteNonQuery();
            }

            raiseLastTimeUsed.With(tx, lastTimeUsed.ToUnixTimeMilliseconds()).ExecuteNonQuery();
            tx.Commit();
        }
    }

    public void Dispose()
    {
        foreach (var statement in new[] { serialExists, keyCertified, findAnswer, insertCertificate, insertAnswer, raiseLastTimeUsed })
        {
            statement.Dispose();
        }

        reader.Dispose();
        connection.Dispose();
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var opened = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        opened.Open();
        return opened;
    }

    /// <summary>
    /// One revocation change, only if the certificate is still in the state it was decided on
    /// (not revoked; or revoked with <see cref="RevocationRecord.Previous"/>).
    /// </summary>
    private void ApplyRevocation(SqliteTransaction tx, RevocationRecord r)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = r.Change switch
        {
            RevocationChange.Revoke => """
                UPDATE certificates SET revoked_at = $at, revocation_reason = $reason, invalidity_date = $invalid, status_changed_at = $changed
                WHERE root = $root AND serial = $serial AND revoked_at IS NULL;
                """,
            RevocationChange.ChangeReason => """
                UPDATE certificates SET revocation_reason = $reason, invalidity_date = $invalid, status_changed_at = $changed
                WHERE root = $root AND serial = $serial AND revoked_at IS NOT NULL AND revocation_reason = $previous;
                """,
            RevocationChange.Release => """
                UPDATE certificates SET revoked_at = NULL, revocation_reason = NULL, invalidity_date = NULL, status_changed_at = $changed
                WHERE root = $root AND serial = $serial AND revoked_at IS NOT NULL AND revocation_reason = $previous;
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(r), r.Change, "unknown revocation change"),
        };
        cmd.Parameters.AddWithValue("$at", r.RevokedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$reason", r.Reason);
        cmd.Parameters.AddWithValue("$invalid", r.InvalidityDate is { } d ? d.ToUnixTimeMilliseconds() : DBNull.Value);
        cmd.Parameters.AddWithValue("$changed", r.ChangedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$previous", r.Previous is { } p ? p : DBNull.Value);
        cmd.Parameters.AddWithValue("$root", r.Root);
        cmd.Parameters.AddWithValue("$serial", r.SerialHex);
        if (cmd.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"{r.Change} of {r.Root}/{r.SerialHex} matched no certificate in the state it was decided on");
        }
    }

    /// <summary>
    /// Databases made before revocation changes had no invalidity or status-change columns: add
    /// them; the status of a revoked certificate last changed when it was revoked.
    /// </summary>
    private void AddRevocationColumns()
    {
        if (!HasColumn("certificates", "status_changed_at"))
        {
            Execute("ALTER TABLE certificates ADD COLUMN invalidity_date INTEGER;");
            Execute("ALTER TABLE certificates ADD COLUMN status_changed_at INTEGER;");
            Execute("UPDATE certificates SET status_changed_at = revoked_at WHERE revoked_at IS NOT NULL;");
        }

        if (!HasColumn("crls", "sha256"))
        {
            // CRLs made before spool/crl existed were never published as files: the next CRL is made afresh.
            Execute("ALTER TABLE crls ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';");
            Execute("ALTER TABLE crls ADD COLUMN length INTEGER NOT NULL DEFAULT 0;");
            Execute("ALTER TABLE crls ADD COLUMN generation INTEGER NOT NULL DEFAULT -1;");
        }
    }

    private bool HasColumn(string table, string column)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $c;";
        cmd.Parameters.AddWithValue("$c", column);
        return (long)cmd.ExecuteScalar()! > 0;
    }

    /// <summary>
    /// Databases made before key versions had no issuer columns: add them (their rows were all
    /// issued by the root's first key and keep the empty issuer, a scope no CRL asks for).
    /// </summary>
    private void AddIssuerColumns()
    {
        foreach (var table in new[] { "certificates", "crls" })
        {
            if (!HasColumn(table, "issuer"))
            {
                Execute($"ALTER TABLE {table} ADD COLUMN issuer TEXT NOT NULL DEFAULT '';");
            }
        }
    }

    private void Execute(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
