namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>One file rule of a profile: the path pattern, its permission letters, allow or deny, and the rule as written.</summary>
internal sealed record FileRule(AaPattern Pattern, string Permissions, bool Deny, string Line);
