using System.Reflection;

namespace PrivSepSigner.Architecture.Tests;

/// <summary>Types are sealed unless designed for inheritance (records' base types and interfaces aside).</summary>
public sealed class SealedTypesTests
{
    [Theory]
    [InlineData("PrivSepSigner.Protocol")]
    [InlineData("PrivSepSigner.Spool")]
    [InlineData("PrivSepSigner.Configuration")]
    [InlineData("PrivSepSigner.Policy")]
    [InlineData("PrivSepSigner.Issuance")]
    [InlineData("PrivSepSigner.Keys")]
    [InlineData("PrivSepSigner.Keys.Pkcs11")]
    [InlineData("PrivSepSigner.Logging")]
    [InlineData("PrivSepSigner.Link")]
    [InlineData("PrivSepSigner.Posix")]
    [InlineData("privsep-comm")]
    [InlineData("privsep-signerd")]
    [InlineData("privsep-signer")]
    public void Concrete_classes_are_sealed(string assemblyName)
    {
        var assembly = Assembly.LoadFrom(Path.Combine(DependencyGraph.BinDir, assemblyName + ".dll"));
        var unsealed = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            .Where(t => !t.Name.StartsWith('<'))
            .Where(t => !assembly.GetTypes().Any(d => d.BaseType == t))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(unsealed);
    }
}
