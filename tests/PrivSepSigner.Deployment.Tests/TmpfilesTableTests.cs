using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Installation;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// The daemons' start-up check and the shipped tmpfiles.d file must describe the same
/// installation: otherwise systemd would create a tree the daemons refuse to run on.
/// </summary>
public sealed class TmpfilesTableTests
{
    private const uint Comm = 1001;
    private const uint Signer = 1002;
    private const uint Group = 1003;

    private static readonly Dictionary<string, uint> Ids = new()
    {
        ["root"] = 0, ["privsep-comm"] = Comm, ["privsep-signerd"] = Signer, ["privsep"] = Group,
    };

    [Fact]
    public void Every_path_the_daemons_check_is_declared_identically_in_tmpfiles()
    {
        var declared = File.ReadAllLines(Repo.PathOf("systemd", "privsep-signer.tmpfiles.conf"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[1], f => f);
        var ids = new ServiceIdentities(Comm, Signer, Group, IsDevelopment: false);
        var layout = new SpoolLayout("/var/spool/privsep-signer");
        var expected = SpoolPermissions.ForComm(layout, ids).Concat(SpoolPermissions.ForSigner(layout, ids)).Concat(SpoolPermissions.CommOwnedForSigner(layout, ids)).Distinct().ToList();
        Assert.NotEmpty(expected);
        foreach (var e in expected)
        {
            Assert.True(declared.TryGetValue(e.Path, out var f), $"{e.Path} is checked by a daemon but not declared in tmpfiles.d");
            Assert.Equal(e.Kind == PathKind.Fifo ? "p" : "d", f[0]);
            Assert.Equal(Convert.ToString(e.Mode, 8).PadLeft(4, '0'), f[2]);
            Assert.Equal(e.OwnerUid, Ids[f[3]]);
            Assert.Equal(e.GroupGid, Ids[f[4]]);
        }
    }

    [Fact]
    public void Sysusers_declares_both_users_and_the_shared_group()
    {
        var lines = File.ReadAllLines(Repo.PathOf("systemd", "privsep-signer.sysusers.conf"));
        Assert.Contains(lines, l => l.StartsWith("g privsep ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("u privsep-comm ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("u privsep-signerd ", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("m ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" privsep", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Each account is named after the daemon that runs as it, as its unit says, so no account
    /// shares its name with the front end's program privsep-signer (issue 21 item 6).
    /// </summary>
    [Fact]
    public void Each_account_is_named_after_the_daemon_whose_unit_runs_as_it()
    {
        var accounts = File.ReadAllLines(Repo.PathOf("systemd", "privsep-signer.sysusers.conf"))
            .Where(l => l.StartsWith("u ", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToList();
        Assert.Equal(["privsep-comm", ServiceIdentities.SignerAccount], accounts);
        foreach (var account in accounts)
        {
            var unit = Repo.PathOf("systemd", $"{account}.service");
            Assert.True(File.Exists(unit), $"account {account} is not named after a daemon: there is no systemd/{account}.service");
            Assert.Contains($"User={account}", File.ReadAllLines(unit));
        }

        Assert.DoesNotContain(ServiceIdentities.FormerSignerAccount, accounts);
    }
}
