namespace PrivSepSigner.Keys.Tests.Support;

/// <summary>All PKCS#11 tests: one SoftHSM configuration, run one after another (one context per process).</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM";
}
