// privsep-bench-stages: the signer's pipeline timed stage by stage (PipelineStages) in a
// temporary directory with a throwaway CA key; prints one JSON object of CPU microseconds per
// certificate. `privsep-signer bench` runs it beside its measurement of the whole path.
//
// usage: privsep-bench-stages [--key rsa|ec] [--subject-key rsa|ec] [--certs N]
using System.CommandLine;
using System.Text.Json;
using PrivSepSigner.CommandLine;
using PrivSepSigner.Stages;

var key = new Option<string>("--key") { HelpName = "rsa|ec", Description = "the throwaway CA key's kind", DefaultValueFactory = _ => "ec" };
key.AcceptOnlyFromAmong("rsa", "ec");
var subjectKey = new Option<string?>("--subject-key") { HelpName = "rsa|ec", Description = "the requests' own keys (default: the CA's kind)" };
subjectKey.AcceptOnlyFromAmong("rsa", "ec");
var certs = new Option<int>("--certs") { HelpName = "N", Description = "certificates measured per stage (1..1000000)", DefaultValueFactory = _ => 2000 };
certs.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000)
    {
        r.AddError("--certs takes a whole number from 1 to 1000000");
    }
});

var root = new RootCommand("time the signer's pipeline stage by stage; one JSON object of CPU microseconds per certificate") { key, subjectKey, certs };
root.SetAction(p =>
{
    var k = p.GetValue(key)!;
    using var stages = new PipelineStages(k, p.GetValue(subjectKey) ?? k);
    Console.WriteLine(JsonSerializer.Serialize(StageMeter.Measure(stages, p.GetValue(certs))));
    return 0;
});
return await CommandLineRunner.InvokeAsync(root, args, Console.Out, Console.Error);
