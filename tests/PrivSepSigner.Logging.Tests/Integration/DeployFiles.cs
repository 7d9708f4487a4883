namespace PrivSepSigner.Logging.Tests.Integration;

/// <summary>The shipped deploy/rsyslog files, with their absolute paths moved into a test directory.</summary>
internal static class DeployFiles
{
    public static string Read(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "rsyslog", name);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }
        throw new FileNotFoundException("deploy/rsyslog/" + name);
    }

    /// <summary>Replaces each (from, to) and fails if a path the test relies on is not in the file.</summary>
    public static string Substitute(string text, params (string From, string To)[] replacements)
    {
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>The bridge's socat arguments, from ExecStart of privsep-serial-bridge.service.</summary>
    public static string[] BridgeArguments(string tty, string socket)
    {
        var execStart = Read("privsep-serial-bridge.service").Split('\n')
            .Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Trim();
        var words = Substitute(execStart, ("/dev/ttyS1", tty), ("/run/privsep-collector/serial.sock", socket))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/usr/bin/socat", words[0]);
        return words[1..];
    }
}
