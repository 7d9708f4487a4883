namespace PrivSepSigner.Logging.Verification;

/// <summary>One parsed SD-ELEMENT (RFC 5424 6.3.1) with unescaped values.</summary>
internal sealed record SdElement(string Id, IReadOnlyDictionary<string, string> Parameters);
