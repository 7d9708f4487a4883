namespace PrivSepSigner.Policy;

/// <summary>One subject attribute (AttributeTypeAndValue, RFC 5280 4.1.2.4) as text.</summary>
public sealed record SubjectAttribute(string Oid, string Value);
