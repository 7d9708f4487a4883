using System.Security.Cryptography;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Chunking;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Protocol.Validation;

namespace PrivSepSigner.Protocol.Tests.Chunking;

/// <summary>Large answers in pieces (docs/protocol.md 6.12): cut, framed, put back together, and every damage detected.</summary>
public sealed class AnswerChunkingTests
{
    [Theory]
    [InlineData(ProtocolLimits.MaxBody + 1)]
    [InlineData(ProtocolLimits.MaxChunkData * 3)]
    [InlineData(1_000_003)]
    public async Task A_body_cut_into_pieces_comes_back_whole_and_each_piece_fits_a_frame(int length)
    {
        var body = RandomNumberGenerator.GetBytes(length);
        var pieces = await SplitAsync(body, segment: 7_777);

        Assert.Equal((length + ProtocolLimits.MaxChunkData - 1) / ProtocolLimits.MaxChunkData, pieces.Count);
        Assert.All(pieces, p => Assert.True(p.Length <= ProtocolLimits.MaxBody, $"a piece of {p.Length} bytes"));
        Assert.All(pieces, p => FrameCodec.Encode(MessageType.AnswerChunk, p));
        var frame = Assemble(pieces);
        Assert.Equal(MessageType.CrlResponse, frame.Type);
        Assert.Equal(body, frame.Body.ToArray());
    }

    [Fact]
    public async Task A_lost_piece_fails_the_answer()
    {
        var pieces = await SplitAsync(RandomNumberGenerator.GetBytes(ProtocolLimits.MaxChunkData * 3));
        pieces.RemoveAt(1);
        var e = Assert.Throws<ProtocolException>(() => Assemble(pieces));
        Assert.Contains("was lost", e.Message);
    }

    [Fact]
    public async Task A_piece_of_another_answer_under_the_same_id_fails_it()
    {
        var first = await SplitAsync(RandomNumberGenerator.GetBytes(ProtocolLimits.MaxChunkData * 2));
        var other = await SplitAsync(RandomNumberGenerator.GetBytes(ProtocolLimits.MaxChunkData * 2));
        Assert.Throws<ProtocolException>(() => Assemble([first[0], other[1]]));
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_hash_fail_the_answer()
    {
        var body = RandomNumberGenerator.GetBytes(ProtocolLimits.MaxBody + 10);
        var pieces = await SplitAsync(body, sha256: new byte[32]);
        var e = Assert.Throws<ProtocolException>(() => Assemble(pieces));
        Assert.Contains("SHA-256", e.Message);
    }

    [Theory]
    [InlineData(ProtocolLimits.MaxChunkedBody + 1)]
    [InlineData(ProtocolLimits.MaxBody)]
    [InlineData(-1)]
    public void A_declared_length_out_of_range_is_refused_before_anything_is_allocated(long total)
    {
        var chunk = new AnswerChunk { RequestId = "r", ResponseType = 0x85, TotalLength = total, Offset = 0, Sha256 = new byte[32], Data = [1] };
        var e = Assert.Throws<ProtocolException>(() => ChunkAssembler.Start(chunk));
        Assert.StartsWith("totalLength:", e.Message);
    }

    [Fact]
    public void Data_past_the_declared_end_is_refused()
    {
        var chunk = new AnswerChunk { RequestId = "r", ResponseType = 0x85, TotalLength = ProtocolLimits.MaxBody + 1, Offset = ProtocolLimits.MaxBody, Sha256 = new byte[32], Data = [1, 2] };
        Assert.Throws<ProtocolException>(() => MessageValidator.Validate(chunk));
    }

    [Fact]
    public async Task Segments_that_do_not_add_up_to_the_announced_length_are_an_error()
    {
        var body = new byte[ProtocolLimits.MaxBody + 100];
        await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in AnswerChunking.SplitAsync("r", MessageType.CrlResponse, body.Length + 1, SHA256.HashData(body), Segments(body, 1000)))
            {
            }
        });
    }

    private static async Task<List<byte[]>> SplitAsync(byte[] body, int segment = 1 << 16, byte[]? sha256 = null)
    {
        var pieces = new List<byte[]>();
        await foreach (var piece in AnswerChunking.SplitAsync("req-1", MessageType.CrlResponse, body.Length, sha256 ?? SHA256.HashData(body), Segments(body, segment)))
        {
            pieces.Add(piece);
        }

        return pieces;
    }

    private static Frame Assemble(IReadOnlyList<byte[]> pieces)
    {
        var chunks = pieces.Select(p => MessageCodec.Deserialize<AnswerChunk>(p)).ToList();
        var assembler = ChunkAssembler.Start(chunks[0]);
        Frame? whole = null;
        foreach (var chunk in chunks.Skip(1))
        {
            whole = assembler.Add(chunk);
        }

        return whole ?? throw new InvalidOperationException("not complete");
    }

#pragma warning disable CS1998 // an async iterator over memory
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Segments(byte[] body, int size)
    {
        for (var at = 0; at < body.Length; at += size)
        {
            yield return body.AsMemory(at, Math.Min(size, body.Length - at));
        }
    }
#pragma warning restore CS1998
}
