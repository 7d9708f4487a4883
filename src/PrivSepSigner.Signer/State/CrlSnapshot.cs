using Microsoft.Data.Sqlite;
using PrivSepSigner.Issuance.Crl;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// One read transaction on a connection of its own (a WAL snapshot): everything a CRL is made
/// from is read as of one commit, the root's revocation generation included, while commits go on.
/// Entries are streamed from the database into the CRL encoder, never collected: a full CRL of a
/// million entries costs no million objects.
/// </summary>
internal sealed class CrlSnapshot : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;

    public CrlSnapshot(SqliteConnection connection)
    {
        this.connection = connection;
        transaction = connection.BeginTransaction(deferred: true);
    }

    public long Generation(string root) => IssuanceDatabase.Generation(connection, transaction, root);

    /// <summary>Revoked certificates of the key version not expired for longer than the lookback: a full CRL's entries.</summary>
    public int CountRevoked(CrlScope scope, DateTimeOffset expiredBefore)
    {
        using var cmd = Scoped(scope, "SELECT COUNT(*) FROM certificates WHERE root = $root AND issuer = $issuer AND revoked_at IS NOT NULL AND not_after >= $expired;", expiredBefore);
        return (int)(long)cmd.ExecuteScalar()!;
    }

    /// <summary>A full CRL's entries (RFC 5280 5.1.2.6), each with its reason and invalidity date.</summary>
    public IEnumerable<CrlEntry> Revoked(CrlScope scope, DateTimeOffset expiredBefore)
    {
        using var cmd = Scoped(scope, """
            SELECT serial, revoked_at, revocation_reason, invalidity_date FROM certificates
            WHERE root = $root AND issuer = $issuer AND revoked_at IS NOT NULL AND not_after >= $expired;
            """, expiredBefore);
        using var row = cmd.ExecuteReader();
        while (row.Read())
        {
            yield return new CrlEntry(row.GetString(0), Time(row, 1), (int)row.GetInt64(2), row.IsDBNull(3) ? null : Time(row, 3));
        }
    }

    /// <summary>How many certificates a delta against a base made at <paramref name="since"/> lists.</summary>
    public int CountChanged(CrlScope scope, DateTimeOffset since, DateTimeOffset expiredBefore)
    {
        using var cmd = Scoped(scope, "SELECT COUNT(*) FROM certificates WHERE root = $root AND issuer = $issuer AND status_changed_at >= $since AND not_after >= $expired;", expiredBefore);
        cmd.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return (int)(long)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// A delta CRL's entries (RFC 5280 5.2.4): every certificate whose status changed since the
    /// base was made, revoked (with its current reason) or released from hold (removeFromCRL,
    /// 5.3.1, dated at its release). A change made in the base's own millisecond is listed
    /// again: listing a revocation twice is harmless, missing one is not.
    /// </summary>
    public IEnumerable<CrlEntry> ChangedSince(CrlScope scope, DateTimeOffset since, DateTimeOffset expiredBefore)
    {
        using var cmd = Scoped(scope, """
            SELECT serial, revoked_at, revocation_reason, invalidity_date, status_changed_at FROM certificates
            WHERE root = $root AND issuer = $issuer AND status_changed_at >= $since AND not_after >= $expired;
            """, expiredBefore);
        cmd.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using var row = cmd.ExecuteReader();
        while (row.Read())
        {
            yield return row.IsDBNull(1)
                ? new CrlEntry(row.GetString(0), Time(row, 4), RemoveFromCrl)
                : new CrlEntry(row.GetString(0), Time(row, 1), (int)row.GetInt64(2), row.IsDBNull(3) ? null : Time(row, 3));
        }
    }

    public void Dispose()
    {
        transaction.Dispose();
        connection.Dispose();
    }

    /// <summary>RFC 5280 5.3.1 removeFromCRL: on a delta CRL, a certificate on hold in the base is valid again.</summary>
    private const int RemoveFromCrl = 8;

    private static DateTimeOffset Time(SqliteDataReader row, int column) => DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column));

    private SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    private SqliteCommand Scoped(CrlScope scope, string sql, DateTimeOffset expiredBefore)
    {
        var cmd = Command(sql);
        cmd.Parameters.AddWithValue("$root", scope.Root);
        cmd.Parameters.AddWithValue("$issuer", scope.Issuer);
        cmd.Parameters.AddWithValue("$expired", expiredBefore.ToUnixTimeMilliseconds());
        return cmd;
    }
}
