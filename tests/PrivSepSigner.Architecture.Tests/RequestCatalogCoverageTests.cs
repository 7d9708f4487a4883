using System.Reflection;
using System.Runtime.CompilerServices;
using PrivSepSigner.Protocol;

namespace PrivSepSigner.Architecture.Tests;

/// <summary>
/// Both daemons cover every row of the request catalog, read from the compiled executables: the
/// comm handler's screen accepts each row's type, and the signer has exactly one handler per row
/// (which its dispatch table, <c>DispatchTable.ForEveryRequest</c>, also requires at start).
/// </summary>
public sealed class RequestCatalogCoverageTests
{
    private static IEnumerable<MessageType> Rows => RequestCatalog.Rows.Select(r => r.Type).Order();

    [Fact]
    public void The_comm_screen_accepts_every_catalog_row()
    {
        var screen = Load("privsep-comm").GetType("PrivSepSigner.Comm.Screening.RequestScreen", throwOnError: true)!;
        var accepted = (IEnumerable<MessageType>)screen.GetProperty("Accepted", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(null)!;
        Assert.Equal(Rows, accepted.Order());
    }

    [Fact]
    public void The_signer_has_one_handler_for_every_catalog_row()
    {
        var signer = Load("privsep-signerd");
        var contract = signer.GetType("PrivSepSigner.Signer.Processing.IRequestHandler", throwOnError: true)!;
        var requestType = contract.GetProperty("RequestType")!;
        var handled = signer.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && contract.IsAssignableFrom(t))
            .Select(t => (Handler: t.Name, Type: (MessageType)requestType.GetValue(RuntimeHelpers.GetUninitializedObject(t))!))
            .ToList();

        var missing = Rows.Except(handled.Select(h => h.Type)).ToList();
        Assert.True(missing.Count == 0, $"no handler in the signer for {string.Join(", ", missing)}");
        var twice = handled.GroupBy(h => h.Type).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(h => h.Handler))}").ToList();
        Assert.True(twice.Count == 0, $"more than one handler for {string.Join("; ", twice)}");
        Assert.All(handled, h => Assert.True(RequestCatalog.Find(h.Type) is not null, $"{h.Handler} answers {h.Type}, which has no catalog row"));
        Assert.All(handled, h => Assert.Equal(h.Type.ToString().Replace("Request", "Handler", StringComparison.Ordinal), h.Handler));
    }

    private static Assembly Load(string name) => Assembly.LoadFrom(Path.Combine(DependencyGraph.BinDir, name + ".dll"));
}
