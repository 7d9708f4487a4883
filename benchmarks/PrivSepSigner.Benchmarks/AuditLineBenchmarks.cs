using System.Text;
using BenchmarkDotNet.Attributes;
using PrivSepSigner.Logging;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.Logging.Format;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace PrivSepSigner.Benchmarks;

/// <summary>
/// Issue 20: what one sealed audit line costs the thread that logs it (the signer writes two per
/// certificate), split into the RFC 5424 formatting, the MAC chain step, and the whole Serilog
/// call into the chained sink with a file target (whose writes run on the target's own thread).
/// </summary>
public class AuditLineBenchmarks
{
    private const string Template = "audit: signing request {RequestId} root {Root} key version {Version} profile {Profile} subject {Subject} san {San} serial {Serial} spki {Spki}";

    private readonly Rfc5424Formatter formatter = new("privsep-signerd", hostName: "bench", processId: 1);
    private string dir = "";
    private Logger log = null!;
    private MacChain chain = null!;
    private LogEvent logEvent = null!;
    private byte[] formatted = [];
    private object?[] args = [];

    [GlobalSetup]
    public void Setup()
    {
        dir = Directory.CreateTempSubdirectory("privsep-audit-bench-").FullName;
        var keyFile = Path.Combine(dir, "chain.key");
        File.WriteAllBytes(keyFile, new byte[32]);
        log = DaemonLog.Create(new LoggingOptions("privsep-signerd")
        {
            HumanReadableStderr = false,
            MacKeyFile = keyFile,
            QueueCapacity = 1 << 20,
            Targets = [LogTargetOptions.File(Path.Combine(dir, "audit.log"))],
        });
        chain = new MacChain(new byte[32]);
        args = ["bench-0123456789abcdef", "root-ec", 1, "server", "CN=host1.bench.example.test", "dns:host1.bench.example.test", "5f3a9c0e7b1d2468ace0135798bdf024", new string('a', 64)];
        var template = new MessageTemplateParser().Parse(Template);
        var names = template.Tokens.OfType<PropertyToken>().Select(t => t.PropertyName).ToArray();
        logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, template,
            names.Select((n, i) => new LogEventProperty(n, new ScalarValue(args[i]))).Append(new LogEventProperty("Daemon", new ScalarValue("privsep-signerd"))));
        formatted = Encoding.UTF8.GetBytes(Format());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        log.Dispose();
        chain.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>The line as the chained sink formats it, with the chain's placeholder first.</summary>
    [Benchmark]
    public string Format() => formatter.Format(logEvent, chain.Placeholder());

    /// <summary>A formatted line sealed: HMAC-SHA256 under the current key, the one-way key step, the MAC inserted.</summary>
    [Benchmark]
    public byte[] Seal() => chain.Seal(formatted);

    /// <summary>The signer's whole call: Serilog binding, formatting, sealing, queueing for the target.</summary>
    [Benchmark]
    public void LogOneAuditLine() => log.Information(Template, args);
}
