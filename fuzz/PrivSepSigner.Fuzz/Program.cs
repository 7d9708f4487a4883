// privsep-fuzz: the SharpFuzz harness that fuzz/run.sh hands to afl-fuzz.
//
// What it does: feeds one input to one decoder of the product ("target") and lets every
// exception other than that decoder's documented one escape, so afl-fuzz records a crash.
// What it trusts: nothing in the input; the targets run the real product code, instrumented
// in place by `dotnet sharpfuzz` (fuzz/run.sh), never a copy of it.
// Modes:
//   fuzz TARGET               run under afl-fuzz (input on stdin / shared memory)
//   replay TARGET PATH...     run files (or every file in directories) once, outside afl;
//                             exits 1 on the first unexpected exception (reproduces a finding)
//   seeds CORPUS              write the frame, message and spool seeds (fuzz/make-corpus.sh)
//   list                      print the target names
using PrivSepSigner.Fuzz;
using SharpFuzz;

if (args.Length == 0)
{
    return Usage();
}

switch (args[0])
{
    case "list":
        foreach (var name in FuzzTargets.Names)
        {
            Console.WriteLine(name);
        }

        return 0;
    case "fuzz" when args.Length == 2 && FuzzTargets.TryGet(args[1], out var target):
        // OutOfProcess: a StackOverflow or a hang kills only the child, and afl-fuzz sees it.
        Fuzzer.OutOfProcess.Run(stream => target(BoundedInput.Read(stream)));
        return 0;
    case "seeds" when args.Length == 2:
        return Seeds.Write(args[1]);
    case "replay" when args.Length >= 3 && FuzzTargets.TryGet(args[1], out var target):
        return Replay.Run(target, args[2..]);
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine($"usage: PrivSepSigner.Fuzz fuzz|replay TARGET [PATH...] | seeds CORPUS | list; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}
