using System.Globalization;

namespace PrivSepSigner.Cli.Commands;

/// <summary>How long a front-end command waits for its answer (--timeout seconds, default 60).</summary>
internal static class CliTimeouts
{
    public static TimeSpan From(ArgReader a)
    {
        var text = a.Optional("--timeout");
        if (text is null)
        {
            return TimeSpan.FromSeconds(60);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 3600
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException("--timeout takes whole seconds, 1..3600");
    }
}
