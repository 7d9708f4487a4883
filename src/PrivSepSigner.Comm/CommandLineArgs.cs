namespace PrivSepSigner.Comm;

/// <summary>The daemon takes exactly one argument pair: --config PATH.</summary>
internal static class CommandLineArgs
{
    public static string? RequireConfig(string[] args, string program)
    {
        if (args is ["--config", { Length: > 0 } path])
        {
            return path;
        }

        Console.Error.WriteLine($"usage: {program} --config PATH");
        return null;
    }
}
