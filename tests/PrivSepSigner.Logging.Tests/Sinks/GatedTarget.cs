using System.Text;
using PrivSepSigner.Logging.Targets;

namespace PrivSepSigner.Logging.Tests.Sinks;

/// <summary>A target that records every write and takes nothing until released, so lines pile up behind its first write.</summary>
internal sealed class GatedTarget(bool appendsNewline = true) : ILineTarget
{
    private readonly ManualResetEventSlim gate = new();
    private readonly List<string> writes = [];

    /// <summary>Set when the pump's first write has reached the target (and waits there).</summary>
    public ManualResetEventSlim FirstWriteStarted { get; } = new();

    public string Name => "gated";

    public bool AppendsNewline => appendsNewline;

    public bool IsOpen { get; private set; }

    public bool Released => gate.IsSet;

    /// <summary>Each write as it was handed over.</summary>
    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (writes)
            {
                return [.. writes];
            }
        }
    }

    /// <summary>Every line written, without its LF, whatever writes carried it (a pump joins a burst into one write).</summary>
    public IReadOnlyList<string> Lines => string.Concat(Writes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Release() => gate.Set();

    public void Open() => IsOpen = true;

    public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
    {
        FirstWriteStarted.Set();
        gate.Wait();
        lock (writes)
        {
            writes.Add(Encoding.UTF8.GetString(data));
        }

        written = data.Length;
        return LineWriteResult.Written;
    }

    public void Close() => IsOpen = false;

    public void Dispose()
    {
        Close();
        gate.Dispose();
        FirstWriteStarted.Dispose();
    }
}
