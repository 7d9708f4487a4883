using PrivSepSigner.Configuration;
using PrivSepSigner.Policy;

namespace PrivSepSigner.Policy.Tests;

public sealed class ProfileCreateTests
{
    private static readonly ProfileConfig Server = new()
    {
        ValidityDays = 397,
        KeyUsage = ["digitalSignature", "keyEncipherment"],
        ExtendedKeyUsage = ["serverAuth"],
        SubjectAttributes = ["CN"],
        SanTypes = ["dns", "ip"],
        RequireSan = true,
    };

    private static readonly ProfileConfig SubCa = new()
    {
        ValidityDays = 1825,
        Ca = true,
        PathLength = 0,
        KeyUsage = ["keyCertSign", "cRLSign"],
        SubjectAttributes = ["CN"],
    };

    /// <summary>Each bad config and the field its error must name.</summary>
    public static TheoryData<string, ProfileConfig, string> BadConfigs() => new()
    {
        { "validity zero", Server with { ValidityDays = 0 }, "validityDays" },
        { "validity over ten years", Server with { ValidityDays = 3651 }, "validityDays" },
        { "CA validity over twenty years", SubCa with { ValidityDays = 7301 }, "validityDays" },
        { "unknown key usage", Server with { KeyUsage = ["digitalSignature", "signEverything"] }, "keyUsage" },
        { "no key usage", Server with { KeyUsage = [] }, "keyUsage" },
        { "CA without keyCertSign", SubCa with { KeyUsage = ["cRLSign", "digitalSignature"] }, "keyUsage" },
        { "non-CA with keyCertSign", Server with { KeyUsage = ["digitalSignature", "keyCertSign"] }, "keyUsage" },
        { "non-CA with cRLSign", Server with { KeyUsage = ["digitalSignature", "cRLSign"] }, "keyUsage" },
        { "pathLength on non-CA", Server with { PathLength = 0 }, "pathLength" },
        { "negative pathLength", SubCa with { PathLength = -1 }, "pathLength" },
        { "unknown EKU", Server with { ExtendedKeyUsage = ["serverAuth", "anyExtendedKeyUsage"] }, "extendedKeyUsage" },
        { "name constraints on a non-CA", Server with { NameConstraints = new() { PermittedDns = ["example.org"] } }, "nameConstraints" },
        { "empty name constraints", SubCa with { NameConstraints = new() }, "nameConstraints" },
        { "DNS subtree with a leading dot", SubCa with { NameConstraints = new() { PermittedDns = [".example.org"] } }, "nameConstraints.permittedDns" },
        { "DNS subtree in upper case", SubCa with { NameConstraints = new() { ExcludedDns = ["Example.org"] } }, "nameConstraints.excludedDns" },
        { "DNS subtree with a wildcard", SubCa with { NameConstraints = new() { PermittedDns = ["*.example.org"] } }, "nameConstraints.permittedDns" },
        { "mail subtree that is no mailbox, host or domain", SubCa with { NameConstraints = new() { PermittedEmail = ["a@@example.org"] } }, "nameConstraints.permittedEmail" },
        { "subtree listed twice", SubCa with { NameConstraints = new() { ExcludedEmail = ["example.org", "example.org"] } }, "nameConstraints.excludedEmail" },
        { "timeStamping not alone", Server with { ExtendedKeyUsage = ["timeStamping", "serverAuth"] }, "extendedKeyUsage" },
        { "unknown subject attribute", Server with { SubjectAttributes = ["CN", "serialNumber"] }, "subjectAttributes" },
        { "unknown SAN type", Server with { SanTypes = ["dns", "uri"] }, "sanTypes" },
        { "requireSan without SAN types", Server with { SanTypes = [] }, "requireSan" },
        { "RSA minimum below 2048", Server with { RsaMinBits = 1024 }, "rsaMinBits" },
        { "RSA maximum above 16384", Server with { RsaMaxBits = 32768 }, "rsaMaxBits" },
        { "RSA maximum below minimum", Server with { RsaMinBits = 4096, RsaMaxBits = 3072 }, "rsaMaxBits" },
        { "unknown curve", Server with { Curves = ["P-256", "secp256k1"] }, "curves" },
        { "policy OID with letters", Server with { Policies = ["1.2.abc"] }, "policies" },
        { "policy OID one arc", Server with { Policies = ["1"] }, "policies" },
        { "policy OID bad first arc", Server with { Policies = ["3.1.2"] }, "policies" },
        { "policy OID leading zero", Server with { Policies = ["1.02.3"] }, "policies" },
        { "policy OID empty arc", Server with { Policies = ["1..3"] }, "policies" },
        { "ocspNoCheck without OCSPSigning", Server with { OcspNoCheck = true }, "ocspNoCheck" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void RejectsNamingTheField(string why, ProfileConfig config, string field)
    {
        var e = Assert.Throws<ConfigurationException>(() => Profile.Create("p1", config));
        Assert.Equal($"profiles.p1.{field}", e.Field);
        Assert.Contains($"profiles.p1.{field}", e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void BuildsAnImmutableProfileFromAGoodConfig()
    {
        var p = Profile.Create("web", Server with { Policies = ["2.23.140.1.2.1", "1.3.6.1.4.1.99999.1"], Curves = ["P-384"] });
        Assert.Equal("web", p.Name);
        Assert.Equal(397, p.ValidityDays);
        Assert.False(p.IsCa);
        Assert.Null(p.PathLength);
        Assert.Equal(KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment, p.KeyUsage);
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], p.ExtendedKeyUsageOids);
        Assert.False(p.ExtendedKeyUsageCritical);
        Assert.Equal(["2.5.4.3"], p.SubjectAttributeOids);
        Assert.Equal(SanTypes.Dns | SanTypes.Ip, p.SanTypes);
        Assert.True(p.RequireSan);
        Assert.Equal(2048, p.RsaMinBits);
        Assert.Equal(8192, p.RsaMaxBits);
        Assert.Equal(["P-384"], p.Curves);
        Assert.Equal(["2.23.140.1.2.1", "1.3.6.1.4.1.99999.1"], p.PolicyOids);
        Assert.Throws<NotSupportedException>(() => ((IList<string>)p.PolicyOids).Add("1.2.3"));
    }

    [Fact]
    public void CaProfileMayLiveTwentyYears()
    {
        var p = Profile.Create("root", SubCa with { ValidityDays = 7300 });
        Assert.True(p.IsCa);
        Assert.Equal(0, p.PathLength);
        Assert.True(p.KeyUsage.HasFlag(KeyUsageFlags.KeyCertSign));
    }

    [Fact]
    public void TimeStampingEkuIsCritical()
    {
        var p = Profile.Create("ts", Server with { ExtendedKeyUsage = ["timeStamping"], KeyUsage = ["digitalSignature"] });
        Assert.True(p.ExtendedKeyUsageCritical);
    }
}
