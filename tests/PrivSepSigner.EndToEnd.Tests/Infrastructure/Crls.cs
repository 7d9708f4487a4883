namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>CRLs fetched through the real link with the CLI and read back with openssl.</summary>
public static class Crls
{
    /// <summary>
    /// Fetches a CRL of <paramref name="root"/> (with the CLI's <paramref name="extra"/> options) into
    /// <paramref name="file"/>; asks up to <paramref name="attempts"/> times, half a second apart,
    /// for a signer that may be restarting.
    /// </summary>
    public static async Task<string> FetchToFileAsync(this SignerHost host, string file, string root, int attempts, params string[] extra)
    {
        var r = await Tool.Cli(["crl", "--link", host.Link, "--root", root, .. extra]);
        for (var attempt = 1; attempt < attempts && r.ExitCode != 0; attempt++)
        {
            await Task.Delay(500);
            r = await Tool.Cli(["crl", "--link", host.Link, "--root", root, .. extra]);
        }

        Assert.True(r.ExitCode == 0, r + host.Log);
        Assert.StartsWith("-----BEGIN X509 CRL-----", r.Stdout);
        File.WriteAllText(file, r.Stdout);
        return file;
    }

    /// <summary>openssl's text form of a CRL file.</summary>
    public static async Task<string> TextAsync(string crl) =>
        (await Tool.RunAsync("openssl", ["crl", "-in", crl, "-noout", "-text"])).Stdout;
}
