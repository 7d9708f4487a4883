using PrivSepSigner.Protocol;

namespace PrivSepSigner.Comm.Legacy;

/// <summary>A legacy request translated into one native request: its generated id, type and MessagePack body, and the root it names.</summary>
internal sealed record NativeRequest(string RequestId, MessageType Type, byte[] Body, string? Root)
{
    /// <summary>A native request as its <see cref="RequestCatalog"/> row encodes it: type, id, body and root come from the row, never from a second list.</summary>
    public static NativeRequest Of(object request)
    {
        var row = RequestCatalog.Of(request);
        return new NativeRequest(row.RequestIdOf(request), row.Type, row.Write(request), row.RootOf(request));
    }
}
