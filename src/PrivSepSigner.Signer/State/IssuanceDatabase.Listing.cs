using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// The operator's read side of the issuance database: certificates in serial order after a
/// cursor (keyset pagination on the serial's primary-key index, so a page costs O(page) however
/// many certificates the CA holds, never an OFFSET scan), and one certificate by root and serial.
/// Runs on the read-only connection, so it never waits for a commit's fsync.
/// </summary>
internal sealed partial class IssuanceDatabase
{
    private const string ListedColumns = "serial, root, profile, subject, not_before, not_after, issued_at, revoked_at, revocation_reason, issuer";

    /// <summary>
    /// At most <paramref name="maxRows"/> certificates whose serial sorts after
    /// <paramref name="afterSerial"/> ("" for the start), in serial order; with their DER when asked.
    /// </summary>
    public IReadOnlyList<ListedCertificate> CertificatesAfter(string afterSerial, int maxRows, bool withDer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        lock (readGate)
        {
            using var cmd = reader.CreateCommand();
            cmd.CommandText = $"SELECT {ListedColumns}{(withDer ? ", der" : string.Empty)} FROM certificates WHERE serial > $after ORDER BY serial LIMIT $n;";
            cmd.Parameters.AddWithValue("$after", afterSerial);
            cmd.Parameters.AddWithValue("$n", maxRows);
            using var row = cmd.ExecuteReader();
            var page = new List<ListedCertificate>(Math.Min(maxRows, 1024));
            while (row.Read())
            {
                page.Add(ReadListed(row, withDer));
            }

            return page;
        }
    }

    /// <summary>One certificate of a root by serial, with its DER; null when the root never issued it.</summary>
    public ListedCertificate? FindListedCertificate(string root, string serialHex)
    {
        lock (readGate)
        {
            using var cmd = reader.CreateCommand();
            cmd.CommandText = $"SELECT {ListedColumns}, der FROM certificates WHERE serial = $s AND root = $root;";
            cmd.Parameters.AddWithValue("$s", serialHex);
            cmd.Parameters.AddWithValue("$root", root);
            using var row = cmd.ExecuteReader();
            return row.Read() ? ReadListed(row, withDer: true) : null;
        }
    }

    private static ListedCertificate ReadListed(SqliteDataReader row, bool withDer) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(6)),
        row.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(7)),
        row.IsDBNull(8) ? null : (int)row.GetInt64(8),
        row.GetString(9),
        withDer ? (byte[])row.GetValue(10) : null);
}
