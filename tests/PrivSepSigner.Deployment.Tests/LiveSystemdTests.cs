using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PrivSepSigner.Deployment.Tests.Infrastructure;
using PrivSepSigner.Deployment.Tests.Live;
using Xunit.Abstractions;

namespace PrivSepSigner.Deployment.Tests;

/// <summary>
/// The paired units under a real systemd 252 as PID 1 (a container over this machine's own
/// file system, every change discarded; REFERENCE 9). Live/scenario.sh runs README's operator
/// section inside it, once with encrypted key files and once with every CA key on a SoftHSM2
/// token, drives the link as a front end, kills and reloads the daemons, and records facts;
/// these tests judge them. AppArmor is compile-checked only: this kernel has none, so the
/// profiles are compiled and held against every path the daemons and ceremonies were seen
/// opening (strace following PID 1), not enforced.
/// </summary>
[Collection(LiveSystemdCollection.Name)]
public sealed partial class LiveSystemdTests(LiveRun run, ITestOutputHelper output) : IClassFixture<LiveRun>
{
    public static readonly TheoryData<string> Phases = new() { "file", "token" };

    [LiveSystemdFact]
    public void The_scenario_ran_to_the_end_within_its_time_limit()
    {
        output.WriteLine($"publish (build machine) {run.PublishTime.TotalSeconds:F0} s, container (boot, scenario, power-off) {run.ContainerTime.TotalSeconds:F0} s");
        output.WriteLine("AppArmor: compile-checked only (apparmor_parser -Q -K) and checked against the recorded paths; this kernel has no AppArmor, so nothing enforced them");
        Assert.True(run.Read("facts/abort").Length == 0 && run.Read("facts/finished").Length > 0, "the scenario did not finish" + run.Tail());
        Assert.True(run.ContainerTime < LiveRun.Limit, $"the container ran {run.ContainerTime}");
    }

    [LiveSystemdFact]
    public void Sysusers_makes_the_accounts_without_tty_groups_and_the_credentials_are_root_only()
    {
        var comm = run.Read("facts/id-comm.out");
        var signer = run.Read("facts/id-signer.out");
        Assert.Contains("(privsep)", comm);
        Assert.Contains("(privsep)", signer);
        Assert.DoesNotContain("(dialout)", comm); // issue 15 item 6: exactly its own device, no tty group
        var credentials = run.Read("facts/credentials.out");
        foreach (var name in new[] { "signer-secret", "audit-chain-key.signer", "audit-chain-key.comm" })
        {
            Assert.Matches($@"(?m)^-rw------- 1 root root .* {Regex.Escape(name)}$", credentials);
        }
    }

    [LiveSystemdFact]
    public void Rsyslog_takes_the_shipped_signing_host_config_without_an_error()
    {
        var journal = run.Read("facts/rsyslog-journal.out");
        Assert.Contains("start", journal);
        Assert.DoesNotMatch(@"(?i)error|cannot|not known", journal);
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void Each_daemon_runs_as_its_own_user_with_no_capabilities(string phase)
    {
        foreach (var (unit, user) in new[] { ("privsep-signerd", "privsep-signerd"), ("privsep-comm", "privsep-comm") })
        {
            var show = Properties(run.Read($"facts/{phase}/show-{unit}.out"));
            Assert.Equal(user, show["User"]);
            Assert.Equal("privsep", show["Group"]);
            Assert.Equal("active", show["ActiveState"]);
            Assert.Equal("", show["CapabilityBoundingSet"]);
            Assert.Equal("", show["AmbientCapabilities"]);
            Assert.Equal("yes", show["NoNewPrivileges"]);
            var status = Properties(run.Read($"facts/{phase}/proc-status-{unit}.out"), ':');
            var uid = Regex.Match(run.Read(user == "privsep-comm" ? "facts/id-comm.out" : "facts/id-signer.out"), @"uid=(\d+)").Groups[1].Value;
            var gid = Regex.Match(run.Read("facts/id-comm.out"), @"(\d+)\(privsep\)").Groups[1].Value;
            Assert.All(status["Uid"].Split('\t'), u => Assert.Equal(uid, u));
            Assert.All(status["Gid"].Split('\t'), g => Assert.Equal(gid, g));
            foreach (var set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
            {
                Assert.True(status[set] == "0000000000000000", $"{unit} {set} {status[set]}");
            }

            Assert.Equal("1", status["NoNewPrivs"]);
            Assert.Equal("2", status["Seccomp"]); // a filter is installed
        }
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void Neither_daemon_has_a_network_and_both_see_a_read_only_system(string phase)
    {
        foreach (var unit in new[] { "privsep-signerd", "privsep-comm" })
        {
            var (rc, links) = run.Fact($"{phase}/netdev-{unit}");
            Assert.Equal(0, rc);
            var interfaces = links.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim()).ToList();
            Assert.Equal(["lo"], interfaces);
            foreach (var write in new[] { "write-usr", "write-etc" })
            {
                var (wrc, text) = run.Fact($"{phase}/{write}-{unit}");
                Assert.NotEqual(0, wrc);
                Assert.Contains("Read-only file system", text);
            }

            var root = run.Read($"facts/{phase}/mountinfo-{unit}.out").Split('\n').Where(l => l.Split(' ') is [_, _, _, _, "/", ..]).Last();
            Assert.Matches(@"^\S+ \S+ \S+ \S+ / ro[ ,]", root);
        }
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void The_comm_daemon_cannot_open_the_keys_the_signers_secret_or_the_log_line(string phase)
    {
        foreach (var attempt in new[] { "comm-list-keys", "comm-read-key", "comm-read-signer-secret", "comm-open-log-line", "comm-user-open-log-line" })
        {
            var (rc, text) = run.Fact($"{phase}/{attempt}");
            Assert.True(rc != 0, $"{attempt} succeeded as the comm user:\n{text}");
            Assert.DoesNotContain("PRIVATE KEY", text);
        }

        // Root inside the comm unit's namespace sees an empty, inaccessible directory: the keys are not there at all.
        var (_, listing) = run.Fact($"{phase}/comm-root-list-keys");
        Assert.DoesNotContain("root-ec", listing);
        // ...while its own link device is open to it.
        Assert.Equal(0, run.Fact($"{phase}/comm-user-open-link").ExitCode);
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void Certificates_signed_through_the_link_verify_with_openssl(string phase)
    {
        foreach (var root in new[] { "root-rsa", "root-ec" })
        {
            var (rc, cert) = run.Fact($"{phase}/sign-{root}");
            Assert.True(rc == 0, cert + run.Tail());
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", cert);
            var (vrc, verify) = run.Fact($"{phase}/verify-{root}");
            Assert.True(vrc == 0, verify);
            Assert.EndsWith(": OK\n", verify);
        }
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void OpenPgp_certifications_through_the_link_check_with_gpg(string phase)
    {
        var (rc, signed) = run.Fact($"{phase}/pgp-sign");
        Assert.True(rc == 0, signed + run.Tail());
        var (crc, sigs) = run.Fact($"{phase}/gpg-check-sigs");
        Assert.True(crc == 0, sigs);
        var ca = run.Read($"facts/{phase}/gpg-ca.out");
        var caKeyId = Regex.Match(ca, @"(?m)^pub:[^:]*:[^:]*:[^:]*:([0-9A-F]{16}):").Groups[1].Value;
        Assert.True(caKeyId.Length == 16, ca);
        // gpg's colon format: field 2 "!" is a signature it checked and found good (gpg --check-sigs).
        Assert.Matches($@"(?m)^sig:!:[^:]*:[^:]*:{caKeyId}:", sigs);
    }

    [LiveSystemdTheory]
    [MemberData(nameof(Phases))]
    public void Reload_switches_to_the_rotated_key_while_requests_are_in_flight(string phase)
    {
        var (rc, text) = run.Fact($"{phase}/rotate");
        Assert.True(rc == 0, text + run.Tail());
        var lines = run.Read($"facts/{phase}/rotate.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var times = JsonSerializer.Deserialize<SwitchTimes>(lines[0])!;
        var answers = lines.Skip(1).Select(l => JsonSerializer.Deserialize<LiveAnswer>(l)!).ToList();
        var reloadAt = long.Parse(run.Read($"facts/{phase}/reload-at.out").Trim(), CultureInfo.InvariantCulture);
        var v1 = Ski(run.Read($"facts/{phase}/ski-v1.out"));
        var v2 = Ski(run.Read($"facts/{phase}/ski-v2.out"));
        Assert.NotEqual(v1, v2);
        Assert.Equal("versions/2", run.Read($"facts/{phase}/current.out").Trim());

        Assert.All(answers, a => Assert.True(a.Error is null, $"{a.RequestId}: {a.Error}"));
        Assert.All(answers, a => Assert.Contains(a.AuthorityKeyId, new[] { v1, v2 }));
        // Requests kept coming all through the ceremony and the reload, and every one was answered.
        var during = answers.Where(a => a.SentMs >= times.StartMs && a.SentMs <= times.EndMs).ToList();
        Assert.True(during.Count >= 10, $"only {during.Count} requests were sent during the switch");
        Assert.Contains(answers, a => a.SentMs < reloadAt && a.AnsweredMs > reloadAt - 1000);
        // Before the reload every certificate is the old key's; from a moment after it, the new key's.
        Assert.All(answers.Where(a => a.AnsweredMs < reloadAt), a => Assert.Equal(v1, a.AuthorityKeyId));
        Assert.All(answers.Where(a => a.SentMs > times.EndMs + 1000), a => Assert.Equal(v2, a.AuthorityKeyId));
        Assert.Contains(answers, a => a.AuthorityKeyId == v1);
        Assert.Contains(answers, a => a.AuthorityKeyId == v2);
        Assert.Contains("root-ec switched to key version 2", run.Read($"facts/{phase}/journal.out"));
    }

    [LiveSystemdFact]
    public void Kill_9_of_each_daemon_is_followed_by_a_restart_and_every_request_is_answered_exactly_once()
    {
        const string phase = "file";
        var ids = new List<string>();
        foreach (var unit in new[] { "privsep-signerd", "privsep-comm" })
        {
            var (rc, text) = run.Fact($"{phase}/once-{unit}");
            Assert.True(rc == 0, text + run.Tail());
            var before = Properties(run.Read($"facts/{phase}/before-kill-{unit}.out"));
            var after = Properties(run.Read($"facts/{phase}/after-kill-{unit}.out"));
            Assert.NotEqual(before["MainPID"], after["MainPID"]);
            Assert.Equal(int.Parse(before["NRestarts"], CultureInfo.InvariantCulture) + 1, int.Parse(after["NRestarts"], CultureInfo.InvariantCulture));
            Assert.Equal("active", after["ActiveState"]);

            var lines = run.Read($"facts/{phase}/once-{unit}.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(0, JsonSerializer.Deserialize<SwitchTimes>(lines[0])!.ExitCode);
            foreach (var pair in lines.Skip(1).Select(l => JsonSerializer.Deserialize<LiveAnswer[]>(l)!))
            {
                var (first, again) = (pair[0], pair[1]);
                Assert.True(first.Error is null, $"{first.RequestId}: {first.Error}");
                Assert.True(again.Error is null, $"{again.RequestId} resent: {again.Error}");
                Assert.Equal(first.CertificateSha256, again.CertificateSha256);
                ids.Add(first.RequestId);
            }
        }

        Assert.Equal(80, ids.Count);
        var (qrc, rows) = run.Fact($"{phase}/issued-per-once-id");
        Assert.Equal(0, qrc);
        var issued = rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), issued.Keys.Order(StringComparer.Ordinal));
        Assert.All(issued, kv => Assert.True(kv.Value == "1", $"{kv.Key} issued {kv.Value} times"));
    }

    [LiveSystemdFact]
    public void The_journal_carries_the_daemons_lines()
    {
        var journal = run.Read("facts/file/journal.out");
        // Started, killed with -9 and restarted: two starts each.
        Assert.True(Regex.Count(journal, "audit: privsep-signerd started") >= 2, journal);
        Assert.True(Regex.Count(journal, "audit: privsep-comm started") >= 2, journal);
        Assert.Contains("audit: signed request", journal);
    }

    [LiveSystemdFact]
    public void The_sealed_stream_reaches_rsyslog_over_the_pty_pair_and_audit_verify_passes()
    {
        const string phase = "file";
        var collected = run.Read($"facts/{phase}/collected.log");
        foreach (var daemon in new[] { "signerd", "comm" })
        {
            Assert.Contains($" privsep-{daemon} ", collected);
            var (rc, report) = run.Fact($"{phase}/audit-verify-{daemon}");
            Assert.True(rc == 0, report);
            Assert.StartsWith("OK: ", report);
            Assert.Matches(@"OK: \d+ lines, [1-9]\d* sealed", report);
        }
    }

    [LiveSystemdFact]
    public void A_pkcs11_installation_holds_no_private_key_file_of_any_kind()
    {
        var keys = run.Read("facts/token/keys.out");
        Assert.Contains("key.pem", keys);
        var heads = run.Read("facts/token/file-heads.out");
        Assert.DoesNotContain("PRIVATE KEY", heads);
        Assert.DoesNotContain(":secret", heads); // gpg --list-packets: no secret key packet in any OpenPGP file
        foreach (var file in Regex.Matches(heads, @"(?m)^== (.*/key\.pem)$").Select(m => m.Groups[1].Value))
        {
            Assert.Matches($@"(?m)^== {Regex.Escape(file)}\npkcs11:token=privsep-ca;object=", heads);
        }

        Assert.Matches(@"(?m)^== /etc/privsep-signer/keys/openpgp/token-key\.asc\n:public key packet:", heads);
    }

    [LiveSystemdFact]
    public async Task AppArmor_profiles_allow_every_path_the_daemons_and_the_ceremonies_opened()
    {
        output.WriteLine("AppArmor is compile-checked only here (this kernel has none): the profiles are compiled by apparmor_parser and every path the daemons and the key ceremonies opened under systemd (strace -f of PID 1) is held against their rules");
        var (rc, compiled) = run.Fact("apparmor-compile");
        Assert.True(rc == 0, compiled);
        var profiles = new Dictionary<string, AppArmor.AppArmorProfile>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Repo.PathOf("apparmor"), "usr.lib.privsep-signer.*"))
        {
            foreach (var p in await AppArmor.AppArmorProfile.LoadAsync(file))
            {
                profiles.Add(p.Name, p);
            }
        }

        var directories = run.Read("facts/directories.out").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var accesses = AppArmor.TraceRecord.Parse(File.ReadLines(Path.Combine(run.Results, "trace.txt")), directories);
        // What each program opened: every access kept with the results, and shown here with
        // what varies between runs made a wildcard.
        File.WriteAllLines(Path.Combine(run.Results, "recorded-paths.txt"), accesses.Select(a => $"{a.Profile} {a.Permissions} {a.Path} ({a.Syscall})"));
        foreach (var line in accesses.Select(a => $"{a.Profile} {a.Permissions} {AppArmor.TraceRecord.Generalize(a.Path)}").Distinct(StringComparer.Ordinal))
        {
            output.WriteLine(line);
        }
        foreach (var profile in new[] { AppArmor.TraceRecord.Signer, AppArmor.TraceRecord.Comm, AppArmor.TraceRecord.Ceremony })
        {
            Assert.True(accesses.Count(a => a.Profile == profile) > 50, $"the trace shows almost nothing of {profile}");
        }

        var refused = accesses
            .Select(a => (Access: a, Why: profiles[a.Profile].Refusal(a.Path, a.Permissions)))
            .Where(r => r.Why is not null)
            .Select(r => $"{r.Access.Profile}: {r.Access.Permissions} {r.Access.Path} ({r.Access.Syscall}): {r.Why}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} recorded accesses the profiles would refuse:\n" + string.Join('\n', refused));
    }

    private static string Ski(string openssl) =>
        Regex.Match(openssl, @"([0-9A-F]{2}(:[0-9A-F]{2})+)").Value.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();

    private static Dictionary<string, string> Properties(string text, char separator = '=') =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(separator, 2))
            .Where(f => f.Length == 2)
            .GroupBy(f => f[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
}
