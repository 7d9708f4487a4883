namespace PrivSepSigner.Cli;

/// <summary>
/// A deliberately small option parser: <c>--name value</c> pairs, repeated flags, and
/// positional arguments. Unknown options are errors so a typo never goes unnoticed.
/// </summary>
internal sealed class ArgReader
{
    private readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly List<string> positional = [];

    public ArgReader(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (valueOptions.Contains(a))
            {
                if (!e.MoveNext())
                {
                    throw new UsageException($"{a} needs a value");
                }

                if (!options.TryGetValue(a, out var list))
                {
                    options[a] = list = [];
                }

                list.Add(e.Current);
            }
            else if (flagOptions.Contains(a))
            {
                flags.Add(a);
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unknown option {a}");
            }
            else
            {
                positional.Add(a);
            }
        }
    }

    public IReadOnlyList<string> Positional => positional;

    public bool Flag(string name) => flags.Contains(name);

    public string? Optional(string name) => options.TryGetValue(name, out var v) ? v[^1] : null;

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{name} is required");

    public IReadOnlyList<string> All(string name) => options.TryGetValue(name, out var v) ? v : [];
}
