namespace PrivSepSigner.Policy;

/// <summary>
/// The one reader of the names a front end states as text (a SPKAC's, or a CSR's under names
/// from the request): subject items <c>TYPE=value</c> of the types in
/// <see cref="KnownOids.SubjectAttributes"/>, SANs as <see cref="SanText"/> reads them. Syntax
/// only: what the profile allows is <see cref="ProfilePolicy"/>'s decision, made exactly as for
/// the names in a CSR.
/// </summary>
public static class StatedNames
{
    /// <exception cref="CsrException">An item is not TYPE=value of a known type.</exception>
    public static List<SubjectAttribute> Subject(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Select(item =>
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CsrException($"subject attribute \"{NameSyntax.Printable(item)}\" is not TYPE=value");
            }

            var type = item[..eq];
            return KnownOids.SubjectAttributes.TryGetValue(type, out var oid)
                ? new SubjectAttribute(oid, item[(eq + 1)..])
                : throw new CsrException($"subject attribute type \"{NameSyntax.Printable(type)}\" is not one of {string.Join(", ", KnownOids.SubjectAttributes.Keys)}");
        }).ToList();
    }

    /// <exception cref="CsrException">An item is none of the forms <see cref="SanText"/> reads.</exception>
    public static List<SanEntry> Sans(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Select(SanText.Parse).ToList();
    }
}
