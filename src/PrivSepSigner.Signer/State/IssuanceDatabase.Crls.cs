using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// The CRL side of the issuance database: revocation generations per root, issued CRLs, CRL
/// numbers. The entries of a CRL are read through a <see cref="CrlSnapshot"/>, on a connection
/// of its own, so that reading a million revocations never holds up a commit.
/// </summary>
internal sealed partial class IssuanceDatabase
{
    private const string CrlColumns = "number, base_number, this_update, next_update, sha256, length, generation, revoked_count";

    /// <summary>
    /// A consistent read of one moment of the database (SQLite WAL snapshot) for making one CRL:
    /// the root's revocation generation and the entries, as of the same commit.
    /// </summary>
    public CrlSnapshot OpenCrlSnapshot() => new(Open(path, SqliteOpenMode.ReadOnly));

    /// <summary>How many revocation changes the root has seen; a CRL made at an older generation is stale.</summary>
    public long CrlGeneration(string root)
    {
        lock (gate)
        {
            return Generation(connection, null, root);
        }
    }

    /// <summary>The newest full CRL of one key version of a root (no base number), or the one with a given number.</summary>
    public StoredCrl? FindFullCrl(CrlScope scope, long number = 0) => FindCrl(
        scope,
        number == 0
            ? $"SELECT {CrlColumns} FROM crls WHERE root = $root AND issuer = $issuer AND base_number IS NULL ORDER BY number DESC LIMIT 1;"
            : $"SELECT {CrlColumns} FROM crls WHERE root = $root AND issuer = $issuer AND base_number IS NULL AND number = $n;",
        number);

    /// <summary>The newest delta CRL of a key version against a given base.</summary>
    public StoredCrl? FindDeltaCrl(CrlScope scope, long baseNumber) => FindCrl(
        scope,
        $"SELECT {CrlColumns} FROM crls WHERE root = $root AND issuer = $issuer AND base_number = $n ORDER BY number DESC LIMIT 1;",
        baseNumber);

    /// <summary>How many delta CRLs a base has had.</summary>
    public int DeltaCount(CrlScope scope, long baseNumber)
    {
        lock (gate)
        {
            using var cmd = ScopeCommand(scope, "SELECT COUNT(*) FROM crls WHERE root = $root AND issuer = $issuer AND base_number = $n;");
            cmd.Parameters.AddWithValue("$n", baseNumber);
            return (int)(long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>Certificates of a key version whose revocation status changed at or after <paramref name="since"/>: what a delta against a base made then lists.</summary>
    public long ChangedSince(CrlScope scope, DateTimeOffset since)
    {
        lock (gate)
        {
            using var cmd = ScopeCommand(scope, "SELECT COUNT(*) FROM certificates WHERE root = $root AND issuer = $issuer AND status_changed_at >= $since;");
            cmd.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>The highest CRL number used for a root (full and delta CRLs share one sequence, RFC 5280 5.2.4).</summary>
    public long LastCrlNumber(string root)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COALESCE(MAX(number), 0) FROM crls WHERE root = $root;";
            cmd.Parameters.AddWithValue("$root", root);
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>
    /// Records a CRL durably before its file is published or handed out: its number is then used,
    /// whatever happens next, and never given to another CRL (unique by constraint).
    /// </summary>
    public void StoreCrl(StoredCrl crl)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                INSERT INTO crls (root, issuer, number, base_number, this_update, next_update, der, revoked_count, sha256, length, generation)
                VALUES ($root, $issuer, $n, $b, $t, $u, x'', $c, $sha, $len, $gen);
                """;
            cmd.Parameters.AddWithValue("$root", crl.Scope.Root);
            cmd.Parameters.AddWithValue("$issuer", crl.Scope.Issuer);
            cmd.Parameters.AddWithValue("$n", crl.Number);
            cmd.Parameters.AddWithValue("$b", crl.BaseNumber is { } b ? b : DBNull.Value);
            cmd.Parameters.AddWithValue("$t", crl.ThisUpdate.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$u", crl.NextUpdate.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$c", crl.Entries);
            cmd.Parameters.AddWithValue("$sha", crl.Sha256);
            cmd.Parameters.AddWithValue("$len", crl.Length);
            cmd.Parameters.AddWithValue("$gen", crl.Generation);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The files a relying party may still be sent: per key version its newest full CRL and the
    /// newest delta against each base. Older ones' files may go; their records stay, so a delta can
    /// still be made against an old base.
    /// </summary>
    public IReadOnlySet<string> CurrentCrlFiles()
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                SELECT sha256 FROM crls c WHERE sha256 <> '' AND number = (
                    SELECT MAX(number) FROM crls d
                    WHERE d.root = c.root AND d.issuer = c.issuer AND d.base_number IS c.base_number);
                """;
            using var row = cmd.ExecuteReader();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (row.Read())
            {
                names.Add(row.GetString(0));
            }

            return names;
        }
    }

    /// <summary>The latest time used for an issuance; a signer never issues earlier than this.</summary>
    public DateTimeOffset LastTimeUsed =>
        Scalar("SELECT value FROM meta WHERE key = 'last_time_used';") is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;

    internal static string GenerationKey(string root) => "crl_generation:" + root;

    internal static long Generation(SqliteConnection on, SqliteTransaction? transaction, string root)
    {
        using var cmd = on.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT value FROM meta WHERE key = $key;";
        cmd.Parameters.AddWithValue("$key", GenerationKey(root));
        return cmd.ExecuteScalar() is long g ? g : 0;
    }

    private StoredCrl? FindCrl(CrlScope scope, string sql, long number)
    {
        lock (gate)
        {
            using var cmd = ScopeCommand(scope, sql);
            cmd.Parameters.AddWithValue("$n", number);
            using var row = cmd.ExecuteReader();
            return row.Read()
                ? new StoredCrl(
                    scope,
                    row.GetInt64(0),
                    row.IsDBNull(1) ? null : row.GetInt64(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)),
                    row.GetString(4),
                    row.GetInt64(5),
                    row.GetInt64(6),
                    row.GetInt64(7))
                : null;
        }
    }

    private SqliteCommand ScopeCommand(CrlScope scope, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$root", scope.Root);
        cmd.Parameters.AddWithValue("$issuer", scope.Issuer);
        return cmd;
    }
}
