using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Records many revoked certificates straight into an installation's issuance database, as the
/// signer records them (only what a CRL reads is meaningful): a CRL of real size without issuing
/// hundreds of thousands of certificates first. The root's revocation generation is raised, as a
/// revocation through the signer would.
/// </summary>
public static class RevocationSeed
{
    public static void Add(SignerHost host, string root, int count)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(host.CaFile(root));
        var issuer = Convert.ToHexStringLower(SHA256.HashData(cert.RawData));
        using var db = new SqliteConnection($"Data Source={Path.Combine(host.Dir, "state", "issuance.db")};Pooling=False");
        db.Open();
        using var tx = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO certificates (serial, root, issuer, profile, request_id, subject, spki_sha256, not_before, not_after, issued_at, der, revoked_at, revocation_reason, status_changed_at)
            VALUES ($serial, $root, $issuer, 'server', $serial, 'CN=seed', $serial, $nb, $na, $nb, x'', $at, 1, $at);
            """;
        var serial = insert.Parameters.Add(new SqliteParameter("$serial", null));
        insert.Parameters.AddWithValue("$root", root);
        insert.Parameters.AddWithValue("$issuer", issuer);
        var now = DateTimeOffset.UtcNow;
        insert.Parameters.AddWithValue("$nb", now.AddDays(-30).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$na", now.AddDays(300).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$at", now.AddDays(-1).ToUnixTimeMilliseconds());
        for (var i = 0; i < count; i++)
        {
            serial.Value = "7" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(15));
            insert.ExecuteNonQuery();
        }

        using var generation = db.CreateCommand();
        generation.Transaction = tx;
        generation.CommandText = "INSERT INTO meta (key, value) VALUES ('crl_generation:' || $root, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1;";
        generation.Parameters.AddWithValue("$root", root);
        generation.ExecuteNonQuery();
        tx.Commit();

        // Into the database file now, so that the write-ahead log does not grow later under a test that fills the disk.
        using var checkpoint = db.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }
}
