using System.Globalization;

namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// Names in a versioned key directory: ROOTDIR/versions/&lt;n&gt;/{key.pem,cert.pem} and the
/// symlink ROOTDIR/current -> versions/&lt;n&gt; that is the single point of switching.
/// </summary>
internal static class KeyVersionLayout
{
    public const string VersionsDir = "versions";
    public const string Current = "current";
    public const string KeyFile = "key.pem";
    public const string CertificateFile = "cert.pem";

    /// <summary>Version names are decimal numbers without sign or leading zero, at most 9 digits.</summary>
    public static bool IsVersionName(string name) =>
        name.Length is > 0 and <= 9
        && name.All(char.IsAsciiDigit)
        && (name.Length == 1 || name[0] != '0');

    public static int Number(string name) => int.Parse(name, NumberStyles.None, CultureInfo.InvariantCulture);

    public static string LinkTarget(string version) => $"{VersionsDir}/{version}";

    /// <summary>The version a link target names ("versions/7" gives "7"), or null.</summary>
    public static string? VersionOfTarget(string? target)
    {
        const string prefix = VersionsDir + "/";
        if (target is null || !target.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = target[prefix.Length..];
        return IsVersionName(name) ? name : null;
    }
}
