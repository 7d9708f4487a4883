using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Cli.Operator.Backup;

/// <summary>Reads <see cref="DatabaseFacts"/> and makes consistent copies of an issuance database.</summary>
internal static class IssuanceDatabaseFile
{
    /// <summary>The facts of a database file (read-only; the signer may be running).</summary>
    public static DatabaseFacts Facts(string path)
    {
        using var db = Open(path, SqliteOpenMode.ReadOnly);
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM certificates),
                   (SELECT serial FROM certificates ORDER BY issued_at DESC, serial DESC LIMIT 1),
                   (SELECT COALESCE(MAX(issued_at), 0) FROM certificates),
                   (SELECT COUNT(*) FROM certificates WHERE revoked_at IS NOT NULL);
            """;
        using var row = cmd.ExecuteReader();
        row.Read();
        return new DatabaseFacts(row.GetInt64(0), row.IsDBNull(1) ? null : row.GetString(1), row.GetInt64(2), row.GetInt64(3));
    }

    /// <summary>
    /// SQLite's online backup (sqlite3_backup): a consistent copy of the last committed state,
    /// taken while the signer goes on committing (WAL readers never block the writer).
    /// </summary>
    public static void CopyConsistent(string source, string destination)
    {
        using var from = Open(source, SqliteOpenMode.ReadOnly);
        using var to = Open(destination, SqliteOpenMode.ReadWriteCreate);
        from.BackupDatabase(to);
        using var cmd = to.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        if (cmd.ExecuteScalar() as string != "ok")
        {
            throw new InvalidDataException($"{destination}: the copy fails SQLite's integrity check");
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
