using System.Globalization;

namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>
/// The test assembly run as a program (<c>dotnet PrivSepSigner.Deployment.Tests.dll
/// live-front-end ...</c>): the CA's front end inside the booted container of
/// <see cref="LiveSystemdTests"/>, speaking the link protocol over the serial line the
/// scenario set up. It only drives and records (JSON lines for the test to judge); the
/// assertions are made on the host by <see cref="LiveSystemdTests"/>.
/// </summary>
public static class LiveFrontEnd
{
    public const string Verb = "live-front-end";

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                [Verb, "rotate", var link, var root, var rate, var seconds, var switchAfter, var switchScript, var output] =>
                    await RotationDrive.RunAsync(link, root, Int(rate), Int(seconds), Int(switchAfter), switchScript, output),
                [Verb, "exactly-once", var link, var root, var count, var killAfter, var killScript, var output] =>
                    await ExactlyOnceDrive.RunAsync(link, root, Int(count), Int(killAfter), killScript, output),
                _ => Usage(),
            };
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or TimeoutException)
        {
            await Console.Error.WriteLineAsync($"live-front-end: {e}");
            return 1;
        }
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Usage()
    {
        Console.Error.WriteLine($"""
            usage: {Verb} rotate LINK ROOT RATE SECONDS SWITCH-AFTER-SECONDS SWITCH-SCRIPT OUTPUT
                   {Verb} exactly-once LINK ROOT COUNT KILL-AFTER-ANSWERS KILL-SCRIPT OUTPUT
            """);
        return 2;
    }
}
