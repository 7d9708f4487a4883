namespace PrivSepSigner.Logging.Targets;

/// <summary>What one non-blocking write attempt did.</summary>
public enum LineWriteResult
{
    /// <summary>Some or all bytes went out (see the written count).</summary>
    Written,

    /// <summary>The target would block (full tty or socket buffer): try again later, same bytes.</summary>
    Busy,

    /// <summary>The target is broken (gone, hung up, no permission): close, reopen later.</summary>
    Failed,
}
