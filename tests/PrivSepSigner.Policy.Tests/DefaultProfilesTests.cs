using PrivSepSigner.Configuration;
using PrivSepSigner.Policy;
using ProductProfiles = PrivSepSigner.Policy.DefaultProfiles;
using TestProfiles = PrivSepSigner.TestSupport.DefaultProfiles;

namespace PrivSepSigner.Policy.Tests;

public sealed class DefaultProfilesTests
{
    public static TheoryData<string> Names() => new(TestProfiles.Expected.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void ProductDefaultsMatchTheIndependentTable(string name)
    {
        var product = ProductProfiles.All[name];
        var expected = TestProfiles.Expected[name];
        Assert.Equal(expected.ValidityDays, product.ValidityDays);
        Assert.Equal(expected.Ca, product.Ca);
        Assert.Equal(expected.PathLength, product.PathLength);
        Assert.Equal(expected.KeyUsage.Order(), product.KeyUsage.Order());
        Assert.Equal(expected.ExtendedKeyUsage, product.ExtendedKeyUsage);
        Assert.Equal(expected.SubjectAttributes.Order(), product.SubjectAttributes.Order());
        Assert.Equal(expected.SanTypes.Order(), product.SanTypes.Order());
        Assert.Equal(expected.RequireSan, product.RequireSan);
        Assert.Equal(expected.OcspNoCheck, product.OcspNoCheck);
        Assert.Equal(expected.RsaMinBits, product.RsaMinBits);
        Assert.Equal(expected.Curves, product.Curves);
        Assert.Equal(expected.Policies, product.Policies);
        Assert.Equal(expected.CommonNameOptional, product.CommonNameOptional);
        Assert.Equal(expected.WildcardDnsNames, product.WildcardDnsNames);
        Assert.Equal(expected.LinkReachable, product.LinkReachable);
        _ = Profile.Create(name, product); // every default passes the hard limits
    }

    [Theory]
    [InlineData("client", true)]
    [InlineData("server", true)]
    [InlineData("timestamp", true)]
    [InlineData("subca", false)]
    [InlineData("ocsp", false)]
    public void Only_ceremonies_issue_the_sub_ca_and_ocsp_profiles(string name, bool overLink)
    {
        Assert.Equal(overLink, Profile.Create(name, ProductProfiles.All[name]).LinkReachable);

        // Unset, the kind of certificate decides: a CA or an OCSP responder is ceremony-only.
        Assert.Equal(overLink, Profile.Create(name, ProductProfiles.All[name] with { LinkReachable = null }).LinkReachable);
    }

    [Fact]
    public void An_operator_can_open_a_ca_profile_to_the_link_explicitly() =>
        Assert.True(Profile.Create("subca", ProductProfiles.All["subca"] with { LinkReachable = true }).LinkReachable);

    [Fact]
    public void ThereAreExactlyTheEightLegacyProfiles()
    {
        Assert.Equal(TestProfiles.Expected.Keys.Order(StringComparer.Ordinal), ProductProfiles.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DefaultsRoundTripThroughTheConfigLoader()
    {
        var config = new InstallationConfig
        {
            SpoolDir = "spool",
            StateDir = "state",
            Link = new LinkConfig { Kind = LinkKind.Unix, Path = "link" },
            Roots = [new RootConfig { Name = "root", KeyDirectory = "keys/root", Profiles = [.. ProductProfiles.All.Keys] }],
            Profiles = ProductProfiles.All,
        };
        var reloaded = ConfigLoader.Parse(ConfigLoader.Serialize(config), "/");
        foreach (var (name, raw) in reloaded.Profiles)
        {
            Assert.Equal(ProductProfiles.All[name].ValidityDays, Profile.Create(name, raw).ValidityDays);
        }

        Assert.Equal(8, reloaded.Profiles.Count);
    }
}
