namespace PrivSepSigner.Policy;

/// <summary>
/// One subjectAltName entry. <see cref="Value"/> is the name as text: the DNS name, the mail
/// address, the IP address in its canonical text form (or "#" and hex when the request held
/// an address that is neither 4 nor 16 octets), the XmppAddr's domain, or a description for
/// <see cref="SanKind.Other"/>. <see cref="SanText"/> reads and writes the text form requests use.
/// </summary>
public sealed record SanEntry(SanKind Kind, string Value);
