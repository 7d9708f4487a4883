using PrivSepSigner.Comm.Legacy;
using PrivSepSigner.Comm.Link;
using PrivSepSigner.Comm.Screening;
using PrivSepSigner.Comm.Spooling;
using PrivSepSigner.Configuration;
using PrivSepSigner.Posix.Accounts;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Installation;
using PrivSepSigner.Spool.Instances;
using Serilog;

namespace PrivSepSigner.Comm;

/// <summary>Wires the link, the screen, the spooler and the outbox pump together.</summary>
internal sealed class CommHandler : IAsyncDisposable
{
    private readonly InstallationConfig config;
    private readonly ILogger log;
    private readonly LinkEndpoint endpoint;
    private readonly RequestSpooler spooler;
    private readonly OutboxPump pump;
    private readonly RequestScreen screen;
    private readonly InstanceLock instance;
    private readonly LinkNoise noise;

    private CommHandler(InstallationConfig config, string configPath, ILogger log, InstanceLock instance, LinkEndpoint endpoint, RequestSpooler spooler, OutboxPump pump)
    {
        this.instance = instance;
        this.config = config;
        this.log = log;
        this.endpoint = endpoint;
        this.spooler = spooler;
        this.pump = pump;
        screen = new RequestScreen(config, () => ConfigLoader.Load(configPath));
        noise = new LinkNoise(log);
    }

    /// <summary>
    /// Opens the link (a device may need the starting user's rights), then becomes the comm
    /// user, checks every spool path's owner and mode, and only then opens the spool.
    /// </summary>
    /// <param name="configPath">config.json, re-read when a request names a root added since the start.</param>
    public static CommHandler Start(InstallationConfig config, string configPath, ILogger log)
    {
        var ids = ServiceIdentities.Resolve(config.Users.Comm, config.Users.Signer, config.Users.Group);
        PrivilegeDrop.RequireRootOr("privsep-comm", ids.CommUid);

        // One comm handler per installation, before the link is opened: a second one would publish
        // its own link over the first's and take its spool entries.
        var layout = new SpoolLayout(config.SpoolDir);
        var instance = InstanceLock.Take(Path.Combine(layout.IncomingTmp, ".comm.lock"), "privsep-comm");
        LinkEndpoint endpoint;
        try
        {
            endpoint = LinkEndpoint.Open(config.Link);
        }
        catch
        {
            instance.Dispose();
            throw;
        }

        try
        {
            PrivilegeDrop.BecomeOrRefuse("privsep-comm", ids.CommUid, ids.GroupGid);
            if (ids.IsDevelopment)
            {
                log.Warning("development installation: comm and signer run as the same user (uid {Uid}); no privilege separation", ids.CommUid);
            }

            InstallationCheck.Require(SpoolPermissions.ForComm(layout, ids));
            var pending = new PendingAnswers();
            var spooler = new RequestSpooler(layout, config.Limits, pending);
            var pump = new OutboxPump(layout, ids.SignerUid, pending, spooler, log);
            return new CommHandler(config, configPath, log, instance, endpoint, spooler, pump);
        }
        catch
        {
            endpoint.Dispose();
            instance.Dispose();
            throw;
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var pumpTask = Task.Run(() => pump.RunAsync(ct), CancellationToken.None);
        var spoolTask = Task.Run(() => spooler.RunAsync(TimeSpan.FromSeconds(config.Limits.AnswerTimeoutSeconds), ct), CancellationToken.None);
        var sessions = new List<Task>();
        var socket = config.Link.Kind == LinkKind.Unix;
        TimeSpan? idle = socket ? TimeSpan.FromSeconds(config.Link.IdleTimeoutSeconds) : null;

        // One replay window for every legacy session: a front end that reconnects to resend keeps its ids.
        var replay = new LegacyReplayWindow(TimeSpan.FromSeconds(config.Legacy.ReplayWindowSeconds), TimeProvider.System);
        await foreach (var stream in endpoint.AcceptAsync(ct))
        {
            sessions.RemoveAll(t => t.IsCompleted);
            if (socket && sessions.Count >= config.Link.MaxConnections)
            {
                // Checked before anything is allocated for the connection: a flood of them costs a socket each, briefly.
                _ = RefuseConnectionAsync(stream);
                continue;
            }

            if (config.Link.Protocol == LinkProtocol.CommModuleV1)
            {
                var session = new LegacyLinkSession(stream, config, screen, spooler, replay, log);
                sessions.Add(ServeAsync(session.RunAsync, "legacy link session", stream, ct));
            }
            else
            {
                var session = new LinkSession(stream, screen, spooler, noise, idle, log);
                sessions.Add(ServeAsync(session.RunAsync, "link session", stream, ct));
            }
        }

        await Task.WhenAll(sessions);
        await spoolTask;
        await pumpTask;
    }

    public ValueTask DisposeAsync()
    {
        endpoint.Dispose();
        pump.Dispose();
        spooler.Dispose();
        instance.Dispose();
        noise.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One connection too many: told to retry later (RequestId "", docs/protocol.md 1), then closed.</summary>
    private async Task RefuseConnectionAsync(Stream stream)
    {
        await using (stream)
        {
            if (noise.Refusals.Admit("TooManyConnections"))
            {
                log.Warning("link connection refused: {Max} connections already open (link.maxConnections)", config.Link.MaxConnections);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var error = new ErrorResponse
                {
                    RequestId = "",
                    Code = ErrorCode.RetryLater,
                    Message = $"too many connections ({config.Link.MaxConnections} open, link.maxConnections); connect again later",
                };
                await new FrameWriter(stream).WriteAsync(MessageType.ErrorResponse, MessageCodec.Serialize(error), timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The peer is gone or does not read; closing is all that is left.
            }
        }
    }

    /// <summary>
    /// Runs one session, native or legacy, until the stream ends or <paramref name="ct"/> fires;
    /// never throws for link trouble, and closes a socket connection afterwards (a serial line stays open).
    /// </summary>
    private async Task ServeAsync(Func<CancellationToken, Task> run, string what, Stream stream, CancellationToken ct)
    {
        try
        {
            await run(ct);
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException e)
        {
            log.Information("{Session:l} ended: {Error}", what, e.Message);
        }
        finally
        {
            if (config.Link.Kind == LinkKind.Unix)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
