using System.Text.Json;

namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// The privilege boundary cannot erode by accident: if the comm handler (or any layer)
/// gains a dependency on signing or key code, directly or transitively, these fail.
/// </summary>
public sealed class PrivilegeBoundaryTests
{
    [Theory]
    [MemberData(nameof(LayerRules.Forbidden), MemberType = typeof(LayerRules))]
    public void Component_never_depends_on_forbidden_assembly(string component, string forbidden)
    {
        var reachable = DependencyGraph.TransitiveReferences(component);
        Assert.DoesNotContain(forbidden, reachable);
    }

    [Theory]
    [InlineData("privsep-comm")]
    [InlineData("privsep-signerd")]
    public void Daemon_runtime_closure_respects_the_rules(string executable)
    {
        // deps.json is what the host actually loads: it must agree with the metadata rules.
        // (The CLI's deps.json lists the daemons it starts as separate processes, so for the
        // CLI the metadata rule above is the one that holds: its own code loads no key code.)
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(DependencyGraph.BinDir, executable + ".deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(executable, libraries);
        foreach (var row in LayerRules.Forbidden)
        {
            if ((string)row[0] == executable)
            {
                Assert.DoesNotContain((string)row[1], libraries);
            }
        }
    }

    [Fact]
    public void Comm_handler_uses_no_type_from_signing_namespaces()
    {
        var used = DependencyGraph.ReferencedNamespaces("privsep-comm");
        Assert.DoesNotContain(used, ns => ns.StartsWith("Org.BouncyCastle", StringComparison.Ordinal));
        Assert.DoesNotContain(used, ns => ns.StartsWith("PrivSepSigner.Keys", StringComparison.Ordinal));
        Assert.DoesNotContain(used, ns => ns.StartsWith("PrivSepSigner.Issuance", StringComparison.Ordinal));
        Assert.DoesNotContain(used, ns => ns.StartsWith("PrivSepSigner.Policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Signer_uses_no_link_transport()
    {
        // An assembly rule: the link transports (pty, tty, LinkClient, LinkStream) live in
        // PrivSepSigner.Link, and nothing the signer loads may reference that assembly.
        Assert.DoesNotContain("PrivSepSigner.Link", DependencyGraph.TransitiveReferences("privsep-signerd"));
        Assert.DoesNotContain("System.Net.Sockets", DependencyGraph.ReferencedNamespaces("privsep-signerd"));
    }

    [Fact]
    public void Signer_uses_no_serial_port()
    {
        // Over every product assembly the signer loads, not just its own metadata: a serial port
        // reached through a library (System.IO.Ports, or the link's own tty code copied or
        // referenced there) is still a serial port in the key-holding process.
        var used = DependencyGraph.ClosureNamespaces("privsep-signerd");
        Assert.DoesNotContain(used, ns => ns.StartsWith("System.IO.Ports", StringComparison.Ordinal));
        Assert.DoesNotContain(used, ns => ns.StartsWith("PrivSepSigner.Link", StringComparison.Ordinal));
        Assert.DoesNotContain("System.IO.Ports", DependencyGraph.TransitiveReferences("privsep-signerd"));
    }

    [Fact]
    public void The_rules_see_real_dependencies()
    {
        // Guards the test itself: the graph must find the edges that do exist.
        Assert.Contains("PrivSepSigner.Keys", DependencyGraph.TransitiveReferences("privsep-signerd"));
        Assert.Contains("BouncyCastle.Cryptography", DependencyGraph.TransitiveReferences("privsep-signerd"));
        Assert.Contains("PrivSepSigner.Protocol", DependencyGraph.TransitiveReferences("privsep-comm"));
        Assert.Contains("PrivSepSigner.Spool", DependencyGraph.TransitiveReferences("privsep-comm"));
        Assert.Contains("PrivSepSigner.Link", DependencyGraph.TransitiveReferences("privsep-comm"));
        Assert.Contains("PrivSepSigner.Link", DependencyGraph.ClosureNamespaces("privsep-comm"));
    }
}
