// privsep-bench-stages: the signer's pipeline timed stage by stage (PipelineStages) in a
// temporary directory with a throwaway CA key; prints one JSON object of CPU microseconds per
// certificate. `privsep-signer bench` runs it beside its measurement of the whole path.
//
// usage: privsep-bench-stages [--key rsa|ec] [--subject-key rsa|ec] [--certs N]
using System.Globalization;
using System.Text.Json;
using PrivSepSigner.Stages;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var key = Arg("--key", "ec");
var subjectKey = Arg("--subject-key", key);
if (key is not ("rsa" or "ec") || subjectKey is not ("rsa" or "ec") || !int.TryParse(Arg("--certs", "2000"), NumberStyles.None, CultureInfo.InvariantCulture, out var certs) || certs is < 1 or > 1_000_000)
{
    Console.Error.WriteLine("usage: privsep-bench-stages [--key rsa|ec] [--subject-key rsa|ec] [--certs N (1..1000000)]");
    return 2;
}

using var stages = new PipelineStages(key, subjectKey);
Console.WriteLine(JsonSerializer.Serialize(StageMeter.Measure(stages, certs)));
return 0;
