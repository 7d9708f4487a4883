using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Issuance.Tests;

/// <summary>
/// Shares one <see cref="CaFixture"/> across every test class of this assembly that needs a CA.
/// (xunit finds a collection definition only in the assembly of its tests, so Policy.Tests has its own.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class CaCollection : ICollectionFixture<CaFixture>
{
    public const string Name = CaFixture.CollectionName;
}
