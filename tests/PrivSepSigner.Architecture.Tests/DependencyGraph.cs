using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// Reads the compiled product, not the project files: the assembly references recorded in
/// each assembly's metadata, followed transitively through this directory.
/// </summary>
internal static class DependencyGraph
{
    public static string BinDir => AppContext.BaseDirectory;

    public static IReadOnlySet<string> DirectReferences(string assemblyName)
    {
        using var stream = File.OpenRead(Path.Combine(BinDir, assemblyName + ".dll"));
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every assembly reachable from <paramref name="assemblyName"/> through metadata references.</summary>
    public static IReadOnlySet<string> TransitiveReferences(string assemblyName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([assemblyName]);
        while (queue.TryDequeue(out var next))
        {
            if (!File.Exists(Path.Combine(BinDir, next + ".dll")))
            {
                continue; // framework assembly: a leaf for our purposes
            }

            foreach (var r in DirectReferences(next))
            {
                if (seen.Add(r))
                {
                    queue.Enqueue(r);
                }
            }
        }

        return seen;
    }

    /// <summary>Namespaces of all type references in an assembly (what it actually uses).</summary>
    public static IReadOnlySet<string> ReferencedNamespaces(string assemblyName)
    {
        using var stream = File.OpenRead(Path.Combine(BinDir, assemblyName + ".dll"));
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.TypeReferences.Select(h => md.GetString(md.GetTypeReference(h).Namespace)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Namespaces of the type references of <paramref name="assemblyName"/> and of every product
    /// assembly it reaches: what the process loading it can use, not just its own code.
    /// </summary>
    public static IReadOnlySet<string> ClosureNamespaces(string assemblyName) =>
        TransitiveReferences(assemblyName).Append(assemblyName)
            .Where(a => File.Exists(Path.Combine(BinDir, a + ".dll")))
            .SelectMany(ReferencedNamespaces)
            .ToHashSet(StringComparer.Ordinal);

    public static AssemblyName Name(string assemblyName) => AssemblyName.GetAssemblyName(Path.Combine(BinDir, assemblyName + ".dll"));
}
