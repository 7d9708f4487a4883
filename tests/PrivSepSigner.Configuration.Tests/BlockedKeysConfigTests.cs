using PrivSepSigner.Configuration;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Configuration.Tests;

/// <summary>
/// Issue 22 item 2: a blockedSpkiSha256 entry that is not 64 lowercase hex digits would never
/// match a key (the signer compares lowercase hex); it is a config error naming the entry.
/// </summary>
public sealed class BlockedKeysConfigTests
{
    private const string Profile = """{ "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["CN"] }""";

    [Theory]
    [InlineData("\"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\"", 0)]
    [InlineData("\"abc\"", 0)]
    [InlineData("\"" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "\", \"sha256:0123\"", 1)]
    [InlineData("\" 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\"", 0)]
    [InlineData("\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\"", 0)]
    public void A_malformed_entry_is_refused_naming_it(string entries, int bad)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigProfiles.Load(Profile, $"\"blockedSpkiSha256\": [ {entries} ],"));
        Assert.Equal($"blockedSpkiSha256[{bad}]", e.Field);
        Assert.Contains("64 lowercase hex", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Well_formed_entries_load()
    {
        var hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Assert.Equal([hash], ConfigProfiles.Load(Profile, $"\"blockedSpkiSha256\": [ \"{hash}\" ],").BlockedSpkiSha256);
    }
}
