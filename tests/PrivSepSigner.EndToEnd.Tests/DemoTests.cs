using PrivSepSigner.EndToEnd.Tests.Infrastructure;

namespace PrivSepSigner.EndToEnd.Tests;

/// <summary>The README's main command works and signs for real.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_issues_and_verifies_under_both_roots_and_cleans_up()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "privsep-demo-*").ToHashSet();
        var r = await Tool.RunAsync(Tool.Bin("privsep-signer"), ["demo"], TimeSpan.FromMinutes(3));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("demo: 8 certificates issued over the link and verified against their roots", r.Stdout);
        Assert.Equal(8, r.Stdout.Split('\n').Count(l => l.StartsWith("  root-", StringComparison.Ordinal) && l.Contains(" verified ", StringComparison.Ordinal)));
        Assert.Contains("root-ec", r.Stdout);
        Assert.Contains("root-rsa", r.Stdout);
        var after = Directory.GetDirectories(Path.GetTempPath(), "privsep-demo-*").ToHashSet();
        Assert.Subset(before, after);
        Assert.Equal(before.Count, after.Count);

        // Issue 18 item 3: the daemons' log stays out of the summary (before, their audit lines were interleaved with it).
        Assert.DoesNotContain("audit:", r.Stdout + r.Stderr);
    }
}
