using System.Text.Json.Nodes;
using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests.Legacy;

/// <summary>
/// One running installation whose pty link speaks the legacy CommModule v1 protocol, with the
/// legacy numbers mapped: roots 0 → root-rsa, 1 → root-ec; profiles 0 → client, 5 → server,
/// 6 → server-cacert (the server profile as a CAcert mapping opens it: XmppAddr SANs and
/// wildcard DNS names, issue 16 items 2 and 10); and a short replay window, so tests can show
/// both sides of it.
/// </summary>
public sealed class LegacyHostFixture : IAsyncLifetime
{
    public const byte RootRsa = 0;
    public const byte RootEc = 1;
    public const byte ProfileClient = 0;
    public const byte ProfileServer = 5;
    public const byte ProfileServerCacert = 6;

    /// <summary>legacy.replayWindowSeconds of this installation (the default is 300).</summary>
    public const int ReplayWindowSeconds = 5;

    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("pty", configure: Configure, ready: KeepaliveAnsweredAsync);

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A keepalive carrying our clock; any answer at all shows the legacy session is serving.</summary>
    public static async Task<LegacyReply> KeepaliveAsync(LegacyClient client) =>
        await client.RequestAsync(LegacyClient.Body(LegacyClient.Header(action: 0), System.Text.Encoding.ASCII.GetBytes(LegacyClient.Time(DateTimeOffset.UtcNow)), [], []));

    private static void Configure(JsonObject config)
    {
        config["link"]!["protocol"] = "commmodule-v1";
        config["legacy"] = new JsonObject
        {
            ["roots"] = new JsonObject { ["0"] = "root-rsa", ["1"] = "root-ec" },
            ["profiles"] = new JsonObject { ["0"] = "client", ["5"] = "server", ["6"] = "server-cacert" },
            ["replayWindowSeconds"] = ReplayWindowSeconds,
        };
        var cacert = config["profiles"]!["server"]!.DeepClone().AsObject();
        cacert["sanTypes"] = new JsonArray("dns", "ip", "xmpp");
        cacert["wildcardDnsNames"] = true;
        config["profiles"]!["server-cacert"] = cacert;
        foreach (var root in config["roots"]!.AsArray())
        {
            root!["profiles"]!.AsArray().Add("server-cacert");
        }
    }

    private static async Task<bool> KeepaliveAnsweredAsync(string link)
    {
        await using var client = await LegacyClient.OpenAsync(link);
        var reply = await KeepaliveAsync(client);
        return !reply.IsError;
    }
}

/// <summary>The legacy tests share one installation: its pty link carries one conversation at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LegacyLinkCollection : ICollectionFixture<LegacyHostFixture>
{
    public const string Name = "legacy link";
}
