using PrivSepSigner.Link;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.EndToEnd.Tests.Infrastructure;

/// <summary>A front end's SignX509Request over an open link, stamped with this host's clock.</summary>
public static class LinkSigning
{
    public static Task<Frame> SignX509Async(this LinkClient link, string id, byte[] csr, TimeSpan timeout, string root = "root-ec", string profile = "server") =>
        link.RequestAsync(MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request { RequestId = id, FrontEndTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Root = root, Profile = profile, Csr = csr }), id, timeout);
}
