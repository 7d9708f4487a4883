using System.Globalization;
using PrivSepSigner.Spool.Native;

namespace PrivSepSigner.Spool;

/// <summary>
/// A daemon started by `privsep-signer up` goes when `up` goes, even when `up` is killed with
/// SIGKILL and cannot stop its children (before, kill -9 of `up` left both daemons running):
/// `up` names itself in <see cref="Variable"/>, and the daemon asks the kernel for SIGTERM when its
/// parent dies (prctl PR_SET_PDEATHSIG), then checks that the parent is still that process (it
/// may have died before the call). Under systemd the variable is not set and nothing changes.
/// </summary>
public static class ParentDeath
{
    /// <summary>The environment variable `up` sets to its own pid for the daemons it starts.</summary>
    public const string Variable = "PRIVSEP_SUPERVISOR_PID";

    /// <returns>False when the supervisor named in the environment is already gone (the daemon should exit).</returns>
    public static bool FollowSupervisor()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { } text || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var supervisor))
        {
            return true;
        }

        if (Libc.prctl(Libc.PR_SET_PDEATHSIG, Libc.SIGTERM, 0, 0, 0) != 0)
        {
            throw NativeError.Exception("prctl(PR_SET_PDEATHSIG)");
        }

        return Libc.getppid() == supervisor;
    }
}
