using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// The signer's durable record of everything it issued, in SQLite (WAL, synchronous=FULL).
/// A batch's certificates and answers are committed in one transaction before any answer
/// is published, so an answer the front end sees is always on disk first. Serial numbers
/// are unique by constraint. Only the signer process opens this file.
/// </summary>
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
            issuer      TEXT NOT NULL DEFAULT ''
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
            PRIMARY KEY (root, number)
        ) STRICT;
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) STRICT;
        """;

    private readonly SqliteConnection connection;

    // One connection, used by the parallel handlers and the committing loop: serialize access.
    private readonly Lock gate = new();

    public IssuanceDatabase(string path)
    {
        connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA foreign_keys=ON;");
        Execute(Schema);
        AddIssuerColumns();
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
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT 1 FROM certificates WHERE serial = $s;";
            cmd.Parameters.AddWithValue("$s", serialHex);
            return cmd.ExecuteScalar() is not null;
        }
    }

    /// <summary>Whether this CA already certified the public key (by SubjectPublicKeyInfo SHA-256).</summary>
    public bool KeyCertified(string spkiSha256Hex)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT 1 FROM certificates WHERE spki_sha256 = $k LIMIT 1;";
            cmd.Parameters.AddWithValue("$k", spkiSha256Hex);
            return cmd.ExecuteScalar() is not null;
        }
    }

    public StoredAnswer? FindAnswer(string requestId)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT fingerprint, response_type, response FROM answers WHERE request_id = $r;";
            cmd.Parameters.AddWithValue("$r", requestId);
            using var row = cmd.ExecuteReader();
            return row.Read() ? new StoredAnswer(requestId, row.GetString(0), (byte)row.GetInt64(1), (byte[])row.GetValue(2)) : null;
        }
    }

    public CertificateStatus? FindCertificate(string root, string serialHex)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT not_after, revoked_at, revocation_reason FROM certificates WHERE root = $root AND serial = $s;";
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
                row.IsDBNull(2) ? null : (int)row.GetInt64(2));
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
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO certificates (serial, root, issuer, profile, request_id, subject, spki_sha256, not_before, not_after, issued_at, der)
                    VALUES ($serial, $root, $issuer, $profile, $rid, $subject, $spki, $nb, $na, $at, $der);
                    """;
                cmd.Parameters.AddWithValue("$issuer", r.Issuer);
                cmd.Parameters.AddWithValue("$serial", r.SerialHex);
                cmd.Parameters.AddWithValue("$root", r.Root);
                cmd.Parameters.AddWithValue("$profile", r.Profile);
                cmd.Parameters.AddWithValue("$rid", r.RequestId);
                cmd.Parameters.AddWithValue("$subject", r.Subject);
                cmd.Parameters.AddWithValue("$spki", r.SpkiSha256Hex);
                cmd.Parameters.AddWithValue("$nb", r.NotBefore.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$na", r.NotAfter.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$at", r.IssuedAt.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$der", r.Der);
                cmd.ExecuteNonQuery();
            }

            foreach (var r in revocations)
            {
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE certificates SET revoked_at = $at, revocation_reason = $reason WHERE root = $root AND serial = $serial AND revoked_at IS NULL;";
                cmd.Parameters.AddWithValue("$at", r.RevokedAt.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$reason", r.Reason);
                cmd.Parameters.AddWithValue("$root", r.Root);
                cmd.Parameters.AddWithValue("$serial", r.SerialHex);
                if (cmd.ExecuteNonQuery() != 1)
                {
                    throw new InvalidOperationException($"revocation of {r.Root}/{r.SerialHex} matched no unrevoked certificate");
                }
            }

            foreach (var a in answers)
            {
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO answers (request_id, fingerprint, response_type, response, answered_at)
                    VALUES ($rid, $fp, $type, $resp, $at);
                    """;
                cmd.Parameters.AddWithValue("$rid", a.RequestId);
                cmd.Parameters.AddWithValue("$fp", a.Fingerprint);
                cmd.Parameters.AddWithValue("$type", (long)a.ResponseType);
                cmd.Parameters.AddWithValue("$resp", a.Response);
                cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                cmd.ExecuteNonQuery();
            }

            using (var meta = connection.CreateCommand())
            {
                meta.Transaction = tx;
                meta.CommandText = "INSERT INTO meta (key, value) VALUES ('last_time_used', $v) ON CONFLICT(key) DO UPDATE SET value = max(value, $v);";
                meta.Parameters.AddWithValue("$v", lastTimeUsed.ToUnixTimeMilliseconds());
                meta.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    public void Dispose() => connection.Dispose();

    /// <summary>
    /// Databases made before key versions had no issuer columns: add them (their rows were all
    /// issued by the root's first key and keep the empty issuer, a scope no CRL asks for).
    /// </summary>
    private void AddIssuerColumns()
    {
        foreach (var table in new[] { "certificates", "crls" })
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'issuer';";
            if ((long)cmd.ExecuteScalar()! == 0)
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
