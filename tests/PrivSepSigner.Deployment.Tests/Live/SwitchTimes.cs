namespace PrivSepSigner.Deployment.Tests.Live;

/// <summary>When a script the front end ran during its requests (a key switch, a kill) started and ended, Unix milliseconds.</summary>
public sealed record SwitchTimes(long StartMs, long EndMs, int ExitCode);
