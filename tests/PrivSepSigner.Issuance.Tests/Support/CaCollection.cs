namespace PrivSepSigner.Issuance.Tests.Support;

/// <summary>Shares one <see cref="CaFixture"/> across every test class that needs a CA.</summary>
[CollectionDefinition(Name)]
public sealed class CaCollection : ICollectionFixture<CaFixture>
{
    public const string Name = "test CAs";
}
