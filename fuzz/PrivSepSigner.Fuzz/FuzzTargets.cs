using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using PrivSepSigner.Fuzz.Targets;

namespace PrivSepSigner.Fuzz;

/// <summary>
/// The one table of fuzz targets. A name is also the folder of its seed corpus
/// (fuzz/corpus/NAME) and of its afl-fuzz findings, so renaming one means renaming both.
/// </summary>
internal static class FuzzTargets
{
    private static readonly FrozenDictionary<string, Action<byte[]>> Table = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["frame"] = FrameTarget.Run,
        ["message"] = MessageTarget.Run,
        ["spool"] = SpoolTarget.Run,
        ["csr"] = CsrTarget.Run,
        ["spkac"] = SpkacTarget.Run,
        ["openpgp"] = OpenPgpTarget.Run,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Names => Table.Keys.Order(StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? target) => Table.TryGetValue(name, out target);
}
