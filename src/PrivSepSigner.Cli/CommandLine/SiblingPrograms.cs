namespace PrivSepSigner.Cli.CommandLine;

/// <summary>
/// The daemons' executables, installed next to this CLI's own apphost (packaging/publish.sh lays
/// all three into one directory): the ceremonies and the development supervisor start them from there.
/// </summary>
internal static class SiblingPrograms
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, name);
}
