namespace PrivSepSigner.Deployment.Tests.AppArmor;

/// <summary>One thing a confined program was seen doing: the profile it runs under, the path (directories end in '/'), the AppArmor permission letters it needed, and the system call.</summary>
public sealed record PathAccess(string Profile, string Path, string Permissions, string Syscall);
