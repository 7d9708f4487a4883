namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>One running installation whose link is a pseudo-terminal pair (the serial stand-in).</summary>
public sealed class PtyHostFixture : IAsyncLifetime
{
    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("pty");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A Unix-socket installation whose operator opened the ceremony-only subca profile to the link ("linkReachable": true).</summary>
public sealed class SubCaOpenToLinkHostFixture : IAsyncLifetime
{
    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("unix", configure: c => c["profiles"]!["subca"]!["linkReachable"] = true);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A Unix-socket installation whose subca profile constrains its sub-CAs to example.test (RFC 5280 4.2.1.10).</summary>
public sealed class ConstrainedSubCaHostFixture : IAsyncLifetime
{
    public const string PermittedDns = "example.test";

    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("unix", configure: c =>
        c["profiles"]!["subca"]!["nameConstraints"] = new System.Text.Json.Nodes.JsonObject { ["permittedDns"] = new System.Text.Json.Nodes.JsonArray(PermittedDns) });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One running installation whose link is a Unix socket (many concurrent front ends).</summary>
public sealed class UnixHostFixture : IAsyncLifetime
{
    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("unix");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
