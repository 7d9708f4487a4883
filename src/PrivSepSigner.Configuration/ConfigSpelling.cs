namespace PrivSepSigner.Configuration;

/// <summary>
/// The strings by which the config file names the values of one enum: the only mapping between
/// them, used to parse the file, to write it and to print a value as the operator wrote it.
/// </summary>
public sealed class ConfigSpelling<T>
    where T : struct, Enum
{
    private readonly (T Value, string Text)[] table;

    public ConfigSpelling(params (T Value, string Text)[] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        this.table = table;
        Allowed = table.Length == 1
            ? $"\"{table[0].Text}\""
            : string.Join(", ", table[..^1].Select(e => $"\"{e.Text}\"")) + $" or \"{table[^1].Text}\"";
    }

    /// <summary>The accepted strings as an error message lists them: <c>"a", "b" or "c"</c>.</summary>
    public string Allowed { get; }

    public string Text(T value)
    {
        foreach (var (v, text) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return text;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"no config spelling for {typeof(T).Name} {value}");
    }

    /// <summary>Exact, case-sensitive match: the file's spelling is the only one accepted.</summary>
    public bool TryParse(string? text, out T value)
    {
        foreach (var (v, t) in table)
        {
            if (string.Equals(t, text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
