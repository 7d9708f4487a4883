using PrivSepSigner.Configuration;

namespace PrivSepSigner.Logging.Tests;

/// <summary>The chain key named as a systemd credential is resolved as strictly as every other secret.</summary>
public sealed class ConfiguredLoggingTests
{
    [Theory]
    [InlineData("credential:../audit.key")]
    [InlineData("credential:a/b")]
    [InlineData("credential:..")]
    public void A_credential_name_that_is_a_path_is_a_config_error_naming_the_field(string configured)
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfiguredLogging.Options("privsep-comm", new LoggingConfig { MacKeyFile = configured }));
        Assert.Equal("logging.macKeyFile", e.Field);
        Assert.Contains("plain file name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_path_is_used_as_it_is() =>
        Assert.Equal("/etc/privsep/audit.key", ConfiguredLogging.Options("privsep-comm", new LoggingConfig { MacKeyFile = "/etc/privsep/audit.key" }).MacKeyFile);

    [Theory]
    [InlineData(DaemonNames.Signer, "/srv/ca/audit-chain-key.signer")]
    [InlineData(DaemonNames.Ceremony, "/srv/ca/audit-chain-key.signer")]
    [InlineData(DaemonNames.Comm, "/srv/ca/audit-chain-key.comm")]
    public void Each_daemon_gets_its_own_key_file(string daemon, string expected) =>
        Assert.Equal(expected, ConfiguredLogging.Options(daemon, new LoggingConfig { MacKeyFile = "/srv/ca/audit-chain-key.{daemon}" }).MacKeyFile);

    [Fact]
    public void Another_placeholder_is_refused_at_load()
    {
        var e = Assert.Throws<ConfigurationException>(() => ConfigLoader.Parse(
            """{"spoolDir":"s","stateDir":"t","link":{"kind":"unix","path":"l"},"roots":[{"name":"r","keyDirectory":"k","profiles":["p"]}],"profiles":{"p":{"validityDays":1,"keyUsage":["digitalSignature"],"subjectAttributes":["CN"]}},"logging":{"macKeyFile":"audit-{user}.key"}}""",
            "/srv/ca"));
        Assert.Equal("logging.macKeyFile", e.Field);
    }
}
