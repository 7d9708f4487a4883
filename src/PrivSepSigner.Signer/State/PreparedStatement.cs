using Microsoft.Data.Sqlite;

namespace PrivSepSigner.Signer.State;

/// <summary>
/// One SQL statement of the issuance hot path, parsed once and run many times with new
/// values (a fresh command per call made SQLite parse the SQL again for every certificate).
/// Not thread-safe: its owner runs it under the database's lock.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly SqliteCommand command;

    public PreparedStatement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    /// <summary>The command with its parameters set, in the order they were named, for one execution.</summary>
    public SqliteCommand With(SqliteTransaction? transaction, params ReadOnlySpan<object?> values)
    {
        if (values.Length != command.Parameters.Count)
        {
            throw new ArgumentException($"{command.Parameters.Count} values expected, {values.Length} given", nameof(values));
        }

        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose() => command.Dispose();
}
