using PrivSepSigner.Configuration;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Configuration.Tests;

/// <summary>
/// The config loader both daemons start with: what a minimal file means (the defaults), and
/// that a bad value is refused with an error naming the key, never taken silently.
/// </summary>
public sealed class ConfigLoaderTests
{
    private const string BaseDir = "/etc/privsep-signer";

    [Fact]
    public void A_minimal_config_gets_the_documented_defaults_and_absolute_paths()
    {
        var c = ConfigLoader.Parse(Config(), BaseDir);

        Assert.Equal("/etc/privsep-signer/spool", c.SpoolDir);
        Assert.Equal("/etc/privsep-signer/state", c.StateDir);
        Assert.Equal("/etc/privsep-signer/link", c.Link.Path);
        Assert.Equal("/etc/privsep-signer/keys/root", c.Roots.Single().KeyDirectory);
        Assert.Equal(LinkProtocol.Native, c.Link.Protocol);
        Assert.Equal(115200, c.Link.Baud);
        Assert.Equal(32, c.Link.MaxConnections);
        Assert.Equal(300, c.Link.IdleTimeoutSeconds);
        Assert.Equal(2000, c.Limits.MaxPendingEntries);
        Assert.Equal(64L * 1024 * 1024, c.Limits.MaxPendingBytes);
        Assert.Equal(60, c.Limits.AnswerTimeoutSeconds);
        Assert.Equal(5, c.KeyReloadSeconds);
        Assert.Equal(3600, c.Time.MaxOffsetSeconds);
        Assert.Equal(60, c.Time.EffectiveWarnOffsetSeconds);
        Assert.Equal(300, c.Time.BackdateSeconds);
        Assert.Equal(168, c.Crl.ValidityHours);
        Assert.Equal(300, c.Legacy.ReplayWindowSeconds);
        Assert.Empty(c.BlockedSpkiSha256);
    }

    [Fact]
    public void A_tty_link_path_is_a_device_name_and_stays_as_written()
    {
        var c = ConfigLoader.Parse(Config(link: """{ "kind": "tty", "path": "ttyS0" }"""), BaseDir);

        Assert.Equal("ttyS0", c.Link.Path);
    }

    [Theory]
    [InlineData("\"keyReloadSeconds\": 0,", "keyReloadSeconds", "out of range 1..3600")]
    [InlineData("\"limits\": { \"maxPendingEntries\": 0 },", "limits.maxPendingEntries", "out of range 1..1000000")]
    [InlineData("\"limits\": { \"answerTimeoutSeconds\": 400 },", "link.idleTimeoutSeconds", "more than limits.answerTimeoutSeconds")]
    [InlineData("\"time\": { \"maxOffsetSeconds\": 60, \"warnOffsetSeconds\": 61 },", "time.warnOffsetSeconds", "out of range 1..time.maxOffsetSeconds (60)")]
    [InlineData("\"crl\": { \"validityHours\": 24, \"resignBeforeHours\": 24 },", "crl.resignBeforeHours", "less than crl.validityHours")]
    [InlineData("\"legacy\": { \"roots\": { \"7\": \"nosuchroot\" } },", "legacy.roots.7", "unknown root \"nosuchroot\"")]
    public void A_bad_value_is_refused_naming_its_key(string extra, string field, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(Config(extra: extra), BaseDir));

        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "kind": "serial", "path": "link" }""", "link.kind")]
    [InlineData("""{ "kind": "unix", "path": "link", "protocol": "v2" }""", "link.protocol")]
    [InlineData("""{ "kind": "unix", "path": "link", "baud": 300 }""", "link.baud")]
    public void A_bad_link_value_is_refused_naming_its_key(string link, string field)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(Config(link: link), BaseDir));

        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_not_ignored()
    {
        // A typo must not silently drop a restriction (here: the spool quota).
        var e = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(Config(extra: "\"limit\": { \"maxPendingEntries\": 10 },"), BaseDir));

        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_roots_of_one_name_are_refused_naming_the_second()
    {
        var roots = """[ { "name": "root", "keyDirectory": "k1", "profiles": [ "p" ] }, { "name": "root", "keyDirectory": "k2", "profiles": [ "p" ] } ]""";

        var e = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(Config(roots: roots), BaseDir));

        Assert.Equal("roots[1].name", e.Field);
        Assert.Contains("duplicate root \"root\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_oversized_file_is_refused_before_it_is_parsed()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(dir.File("config.json")));
        Assert.Equal(dir.File("config.json"), missing.Field);
        Assert.Contains("file not found", missing.Message, StringComparison.Ordinal);

        File.WriteAllText(dir.File("big.json"), new string(' ', ConfigLoader.MaxConfigBytes + 1));
        var big = Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(dir.File("big.json")));
        Assert.Contains($"larger than {ConfigLoader.MaxConfigBytes} bytes", big.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_paths_in_a_loaded_file_are_resolved_against_its_directory()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("config.json"), Config());

        var c = ConfigLoader.Load(dir.File("config.json"));

        Assert.Equal(dir.File("spool"), c.SpoolDir);
    }

    private static string Config(string extra = "", string link = """{ "kind": "unix", "path": "link" }""", string roots = """[ { "name": "root", "keyDirectory": "keys/root", "profiles": [ "p" ] } ]""") => $$"""
        {
          "spoolDir": "spool", "stateDir": "state",
          "link": {{link}},
          "roots": {{roots}},
          {{extra}}
          "profiles": { "p": { "validityDays": 30, "keyUsage": ["digitalSignature"], "subjectAttributes": ["CN"] } }
        }
        """;
}
