using System.Collections.Immutable;
using PrivSepSigner.Configuration;

namespace PrivSepSigner.Policy;

/// <summary>
/// RFC 5280 4.2.1.10 name constraints of a sub-CA profile, validated: DNS subtrees are host names
/// (lower case; "example.org" covers it and every name below), mail subtrees a mailbox, a host or
/// a domain (".example.org"). At least one subtree: an empty NameConstraints is not allowed.
/// </summary>
public sealed class ProfileNameConstraints
{
    /// <summary>Subtrees per list; a CA with more is better split into several.</summary>
    public const int MaxSubtrees = 64;

    private ProfileNameConstraints(ImmutableArray<string> permittedDns, ImmutableArray<string> excludedDns, ImmutableArray<string> permittedEmail, ImmutableArray<string> excludedEmail)
    {
        PermittedDns = permittedDns;
        ExcludedDns = excludedDns;
        PermittedEmail = permittedEmail;
        ExcludedEmail = excludedEmail;
    }

    public IReadOnlyList<string> PermittedDns { get; }

    public IReadOnlyList<string> ExcludedDns { get; }

    public IReadOnlyList<string> PermittedEmail { get; }

    public IReadOnlyList<string> ExcludedEmail { get; }

    /// <summary>One line for the ceremony's summary and the audit log.</summary>
    public string Describe() =>
        string.Join("; ", new[]
        {
            ("permitted DNS", PermittedDns), ("excluded DNS", ExcludedDns), ("permitted email", PermittedEmail), ("excluded email", ExcludedEmail),
        }.Where(p => p.Item2.Count > 0).Select(p => $"{p.Item1} {string.Join(",", p.Item2)}"));

    /// <param name="field">The config field, for errors ("profiles.subca.nameConstraints").</param>
    public static ProfileNameConstraints Create(NameConstraintsConfig config, string field)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(field);
        var result = new ProfileNameConstraints(
            Subtrees(config.PermittedDns, $"{field}.permittedDns", DnsSubtreeError),
            Subtrees(config.ExcludedDns, $"{field}.excludedDns", DnsSubtreeError),
            Subtrees(config.PermittedEmail, $"{field}.permittedEmail", EmailSubtreeError),
            Subtrees(config.ExcludedEmail, $"{field}.excludedEmail", EmailSubtreeError));
        if (result.PermittedDns.Count + result.ExcludedDns.Count + result.PermittedEmail.Count + result.ExcludedEmail.Count == 0)
        {
            // RFC 5280 4.2.1.10: conforming CAs MUST NOT issue an empty name constraints sequence.
            throw new ConfigurationException(field, "needs at least one permitted or excluded subtree (RFC 5280 4.2.1.10)");
        }

        return result;
    }

    private static ImmutableArray<string> Subtrees(IReadOnlyList<string>? names, string field, Func<string, string?> error)
    {
        var list = names ?? [];
        if (list.Count > MaxSubtrees)
        {
            throw new ConfigurationException(field, $"at most {MaxSubtrees} subtrees");
        }

        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var name in list)
        {
            if ((name is null ? "missing" : error(name)) is { } problem)
            {
                throw new ConfigurationException(field, $"\"{name}\": {problem}");
            }

            if (result.Contains(name!))
            {
                throw new ConfigurationException(field, $"\"{name}\" listed twice");
            }

            result.Add(name!);
        }

        return result.ToImmutable();
    }

    /// <summary>RFC 5280 4.2.1.10: a dNSName constraint is a host name; lower case, so one name has one spelling.</summary>
    private static string? DnsSubtreeError(string name) =>
        name.StartsWith('.') ? "a DNS subtree is a host name without a leading dot (\"example.org\" covers the names below it too)"
        : name != name.ToLowerInvariant() ? "write DNS subtrees in lower case"
        : NameSyntax.DnsNameError(name);

    /// <summary>RFC 5280 4.2.1.10: an rfc822Name constraint is a mailbox, a host, or a domain with a leading dot.</summary>
    private static string? EmailSubtreeError(string name) =>
        name.Contains('@', StringComparison.Ordinal) ? NameSyntax.EmailError(name)
        : DnsSubtreeError(name.StartsWith('.') ? name[1..] : name);
}
