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

    /// <summary>
    /// `openssl verify -crl_check` of <paramref name="cert"/> as a relying party holding a base CRL
    /// and its deltas: `-use_deltas` with `-extended_crl`. Without `-extended_crl`, OpenSSL 3.0
    /// scores a delta CRL as if it were complete (its "don't process deltas at this stage" check
    /// sits behind the extended-support branch) and takes whichever CRL has the newer thisUpdate,
    /// so a certificate listed only in the base would pass whenever the delta was made in a later
    /// second than the base: a test that then depends on the machine's speed.
    /// </summary>
    public static Task<ProcessResult> VerifyWithDeltasAsync(string caFile, string cert, params string[] crls) =>
        Tool.RunAsync("openssl", ["verify", "-crl_check", "-extended_crl", "-use_deltas", "-CAfile", caFile, .. crls.SelectMany(c => new[] { "-CRLfile", c }), cert]);
}
