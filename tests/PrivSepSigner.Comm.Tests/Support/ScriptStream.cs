namespace PrivSepSigner.Comm.Tests.Support;

/// <summary>A link whose input is a fixed byte string (then the end of the stream) and whose output is dropped.</summary>
internal sealed class ScriptStream : Stream
{
    private readonly MemoryStream input;

    public ScriptStream(byte[] bytes) => input = new MemoryStream(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count)
    {
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        input.Dispose();
        base.Dispose(disposing);
    }
}
