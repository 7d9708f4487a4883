using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// Native calls live in one leaf, PrivSepSigner.Posix: every other product assembly calls its
/// small API instead of binding libc itself, whether by P/Invokes of its own or through
/// Mono.Posix (issue 21 item 1). Read from compiled metadata: a P/Invoke, whether written as
/// [DllImport] or generated from [LibraryImport], is a method with the PinvokeImpl flag; a use
/// of Mono.Posix is an assembly reference. (The PKCS#11 module's NativeLibrary resolver in Keys.Pkcs11 is a callback that
/// configures Pkcs11Interop's own P/Invokes, not a P/Invoke of ours, and stays there.)
/// </summary>
public sealed class NativeInteropTests
{
    private const string Posix = "PrivSepSigner.Posix";

    // The package Mono.Posix.NETStandard; its assembly is named after it.
    private const string MonoPosix = "Mono.Posix";


    public static TheoryData<string> ProductAssemblies() => new(ProductAssemblyNames());

    private static List<string> ProductAssemblyNames()
    {
        var data = new List<string>();
        foreach (var path in Directory.EnumerateFiles(DependencyGraph.BinDir, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if ((name.StartsWith("PrivSepSigner.", StringComparison.Ordinal) || name.StartsWith("privsep-", StringComparison.Ordinal))
                && !name.EndsWith(".Tests", StringComparison.Ordinal) && name != Posix)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProductAssemblies))]
    public void Only_the_posix_leaf_declares_a_pinvoke(string assemblyName)
    {
        Assert.Empty(PInvokes(assemblyName));
    }

    /// <summary>
    /// Mono.Posix is a second libc binding: an assembly that references it binds libc itself,
    /// P/Invoke or not. Only the leaf may; the compiler records a reference only where a type of
    /// it is used, so a package pulled in transitively does not count.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProductAssemblies))]
    public void Only_the_posix_leaf_references_mono_posix(string assemblyName)
    {
        Assert.DoesNotContain(DependencyGraph.DirectReferences(assemblyName), r => r.StartsWith(MonoPosix, StringComparison.Ordinal));
    }

    [Fact]
    public void The_rule_sees_real_pinvokes()
    {
        // Guards the test itself: the leaf's own bindings are found by the same scan.
        Assert.Contains("openat", PInvokes(Posix));
        Assert.Contains(DependencyGraph.DirectReferences(Posix), r => r.StartsWith(MonoPosix, StringComparison.Ordinal));
        Assert.Contains("tcsetattr", PInvokes(Posix));
        Assert.Contains("privsep-signerd", ProductAssemblyNames());
        Assert.Contains("PrivSepSigner.Link", ProductAssemblyNames());
        Assert.Contains("PrivSepSigner.Spool", ProductAssemblyNames());
        Assert.Contains("PrivSepSigner.Keys", ProductAssemblyNames());
    }

    [Fact]
    public void The_posix_leaf_references_no_project_of_ours()
    {
        Assert.DoesNotContain(DependencyGraph.DirectReferences(Posix), r => r.StartsWith("PrivSepSigner", StringComparison.Ordinal));
    }

    /// <summary>Names of the methods an assembly declares with the PinvokeImpl flag, with their type.</summary>
    private static List<string> PInvokes(string assemblyName)
    {
        using var stream = File.OpenRead(Path.Combine(DependencyGraph.BinDir, assemblyName + ".dll"));
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
            {
                var import = method.GetImport();
                found.Add(md.GetString(import.Name));
            }
        }

        return found;
    }
}
