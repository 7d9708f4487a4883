namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>One running installation whose link is a pseudo-terminal pair (the serial stand-in).</summary>
public sealed class PtyHostFixture : IAsyncLifetime
{
    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("pty");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One running installation whose link is a Unix socket (many concurrent front ends).</summary>
public sealed class UnixHostFixture : IAsyncLifetime
{
    public SignerHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SignerHost.StartAsync("unix");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
