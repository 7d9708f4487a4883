using BenchmarkDotNet.Attributes;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;

namespace PrivSepSigner.Benchmarks;

/// <summary>Encoding and decoding one frame carrying a 2 KiB body.</summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private readonly byte[] body = new byte[2048];
    private byte[] wire = [];

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(body);
        wire = FrameCodec.Encode(MessageType.SignX509Request, body);
    }

    [Benchmark]
    public byte[] Encode() => FrameCodec.Encode(MessageType.SignX509Request, body);

    [Benchmark]
    public FrameReadResult Decode() => FrameCodec.DecodePayload(wire.AsSpan(0, wire.Length - 1));
}
