using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>The CRL side of the issuance database: revocations per key version, stored CRLs, CRL numbers.</summary>
internal sealed partial class IssuanceDatabase
{
    /// <summary>
    /// Revoked certificates of a root for a CRL: every revocation whose certificate has not
    /// been expired for longer than the lookback, optionally only those revoked after a time.
    /// </summary>
    public IReadOnlyList<RevocationRecord> Revoked(CrlScope scope, DateTimeOffset expiredBefore, DateTimeOffset? revokedAfter = null)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                SELECT serial, revoked_at, revocation_reason FROM certificates
                WHERE root = $root AND issuer = $issuer AND revoked_at IS NOT NULL AND not_after >= $expired AND ($after IS NULL OR revoked_at >= $after)
                ORDER BY revoked_at, serial;
                """;
            cmd.Parameters.AddWithValue("$root", scope.Root);
            cmd.Parameters.AddWithValue("$issuer", scope.Issuer);
            cmd.Parameters.AddWithValue("$expired", expiredBefore.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$after", revokedAfter is { } a ? a.ToUnixTimeMilliseconds() : DBNull.Value);
            using var row = cmd.ExecuteReader();
            var list = new List<RevocationRecord>();
            while (row.Read())
            {
                list.Add(new RevocationRecord(scope.Root, row.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)), (int)row.GetInt64(2)));
            }

            return list;
        }
    }

    /// <summary>The newest full CRL of one key version of a root (no base number), or of a given number.</summary>
    public StoredCrl? FindFullCrl(CrlScope scope, long number = 0)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = number == 0
                ? "SELECT number, base_number, this_update, next_update, der, revoked_count FROM crls WHERE root = $root AND issuer = $issuer AND base_number IS NULL ORDER BY number DESC LIMIT 1;"
                : "SELECT number, base_number, this_update, next_update, der, revoked_count FROM crls WHERE root = $root AND issuer = $issuer AND base_number IS NULL AND number = $n;";
            cmd.Parameters.AddWithValue("$root", scope.Root);
            cmd.Parameters.AddWithValue("$issuer", scope.Issuer);
            cmd.Parameters.AddWithValue("$n", number);
            using var row = cmd.ExecuteReader();
            return row.Read() ? ReadCrl(scope, row) : null;
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

    /// <summary>Stores a CRL durably before it is handed out; its number is unique by constraint.</summary>
    public void StoreCrl(StoredCrl crl)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO crls (root, issuer, number, base_number, this_update, next_update, der, revoked_count) VALUES ($root, $issuer, $n, $b, $t, $u, $der, $c);";
            cmd.Parameters.AddWithValue("$c", crl.RevokedCount);
            cmd.Parameters.AddWithValue("$root", crl.Scope.Root);
            cmd.Parameters.AddWithValue("$issuer", crl.Scope.Issuer);
            cmd.Parameters.AddWithValue("$n", crl.Number);
            cmd.Parameters.AddWithValue("$b", crl.BaseNumber is { } b ? b : DBNull.Value);
            cmd.Parameters.AddWithValue("$t", crl.ThisUpdate.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$u", crl.NextUpdate.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$der", crl.Der);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>How many certificates of one key version were ever revoked: its CRL is current while this is unchanged.</summary>
    public long RevokedCount(CrlScope scope)
    {
        lock (gate)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM certificates WHERE root = $root AND issuer = $issuer AND revoked_at IS NOT NULL;";
            cmd.Parameters.AddWithValue("$root", scope.Root);
            cmd.Parameters.AddWithValue("$issuer", scope.Issuer);
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>The latest time used for an issuance; a signer never issues earlier than this.</summary>
    public DateTimeOffset LastTimeUsed =>
        Scalar("SELECT value FROM meta WHERE key = 'last_time_used';") is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;

    private static StoredCrl ReadCrl(CrlScope scope, SqliteDataReader row) => new(
        scope,
        row.GetInt64(0),
        row.IsDBNull(1) ? null : row.GetInt64(1),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(2)),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(3)),
        (byte[])row.GetValue(4),
        row.GetInt64(5));
}
