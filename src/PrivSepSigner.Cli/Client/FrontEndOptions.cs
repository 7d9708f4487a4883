using System.CommandLine;
using PrivSepSigner.Cli.CommandLine;

namespace PrivSepSigner.Cli.Client;

/// <summary>The options of every command that speaks to the signing host over the link: --link and --timeout.</summary>
internal sealed class FrontEndOptions
{
    /// <summary>Longest --timeout accepted, seconds.</summary>
    public const int MaxTimeoutSeconds = 3600;

    public Option<string> Link { get; } = new("--link")
    {
        Required = true,
        HelpName = "PATH",
        Description = "the front end's end of the link: the installation's link (pty or Unix socket) or a tty",
    };

    /// <summary>
    /// Longer than the comm handler's default limits.answerTimeoutSeconds (60): its "the signer did
    /// not answer in time, the request stays queued" reaches the front end before the front end gives up.
    /// </summary>
    public const int DefaultTimeoutSeconds = 90;

    public Option<int> Timeout { get; } = CliOptions.BoundedInt("--timeout", "SECONDS", "how long to wait for each answer (and for a serial line another front end holds)", DefaultTimeoutSeconds, 1, MaxTimeoutSeconds);

    /// <summary>Adds --link and --timeout to <paramref name="command"/>.</summary>
    public FrontEndOptions AddTo(Command command)
    {
        command.Options.Add(Link);
        command.Options.Add(Timeout);
        return this;
    }

    public FrontEnd Open(ParseResult parse) => FrontEnd.Open(parse.GetRequiredValue(Link), TimeSpan.FromSeconds(parse.GetValue(Timeout)));
}
