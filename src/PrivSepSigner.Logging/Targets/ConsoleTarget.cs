namespace PrivSepSigner.Logging.Targets;

/// <summary>Standard output or standard error, raw RFC 5424 lines (e.g. for a supervisor that forwards them).</summary>
public sealed class ConsoleTarget : ILineTarget
{
    private readonly bool standardError;
    private Stream? stream;

    public ConsoleTarget(bool standardError)
    {
        this.standardError = standardError;
    }

    public string Name => standardError ? "stderr" : "stdout";

    public bool AppendsNewline => true;

    public bool IsOpen => stream is not null;

    public void Open()
    {
        Close();
        stream = standardError ? Console.OpenStandardError() : Console.OpenStandardOutput();
    }

    public LineWriteResult Write(ReadOnlySpan<byte> data, out int written)
    {
        written = 0;
        if (stream is null)
        {
            return LineWriteResult.Failed;
        }
        try
        {
            stream.Write(data);
            stream.Flush();
            written = data.Length;
            return LineWriteResult.Written;
        }
        catch (IOException)
        {
            return LineWriteResult.Failed;
        }
    }

    public void Close()
    {
        stream?.Dispose();
        stream = null;
    }

    public void Dispose() => Close();
}
