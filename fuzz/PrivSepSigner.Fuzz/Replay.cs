namespace PrivSepSigner.Fuzz;

/// <summary>Runs saved inputs through a target outside afl-fuzz: to reproduce a finding or check a seed corpus.</summary>
internal static class Replay
{
    public static int Run(Action<byte[]> target, IEnumerable<string> paths)
    {
        var files = paths.SelectMany<string, string>(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order(StringComparer.Ordinal) : [p]);
        var count = 0;
        foreach (var file in files)
        {
            try
            {
                using var stream = File.OpenRead(file);
                target(BoundedInput.Read(stream));
                count++;
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{file}: {e}");
                return 1;
            }
        }

        Console.WriteLine($"{count} inputs, no unexpected exception");
        return 0;
    }
}
