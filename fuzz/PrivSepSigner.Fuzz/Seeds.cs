using PrivSepSigner.Fuzz.Targets;
using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Framing;
using PrivSepSigner.Protocol.Messages;
using PrivSepSigner.Spool;
using PrivSepSigner.Spool.Format;

namespace PrivSepSigner.Fuzz;

/// <summary>
/// Writes the frame, message and spool seeds with the product's own encoders (fuzz/make-corpus.sh
/// calls it; the CSR, SPKAC and OpenPGP seeds come from openssl and gpg there). Small valid
/// inputs plus a few edge cases, so afl-fuzz starts from inputs that get past the first checks.
/// </summary>
internal static class Seeds
{
    private const long Time = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    private static readonly byte[] FakeDer = [0x30, 0x03, 0x02, 0x01, 0x00];

    public static int Write(string corpus)
    {
        var messages = Messages().ToList();
        Save(corpus, "message", messages.Select(m => (m.Name, (byte[])[(byte)((byte)m.Type - 1), .. m.Body])));
        Save(corpus, "message", [("nil-in-list", [8, 0x97, 0xa2, (byte)'i', (byte)'d', 0x01, 0xa1, (byte)'r', 0xa1, (byte)'p', 0xc4, 0x01, 0x30, 0x91, 0xc0, 0x90])]);

        var frames = messages.Select(m => (m.Name, FrameCodec.Encode(m.Type, m.Body))).ToList();
        frames.Add(("two-frames-and-noise", [.. frames[0].Item2, 0x00, 0x01, 0xff, .. frames[1].Item2]));
        frames.Add(("bad-crc", [.. frames[2].Item2[..^3], 0x55, .. frames[2].Item2[^2..]]));
        Save(corpus, "frame", frames);

        Save(corpus, "spool", [
            ("empty-entry", SpoolEntryCodec.Encode(new SpoolEntry(SpoolTarget.EntryId, DateTimeOffset.FromUnixTimeMilliseconds(Time), []))),
            ("two-items", SpoolEntryCodec.Encode(new SpoolEntry(SpoolTarget.EntryId, DateTimeOffset.FromUnixTimeMilliseconds(Time),
                [new SpoolItem((byte)MessageType.StatusRequest, messages[2].Body), new SpoolItem((byte)MessageType.KeepaliveRequest, messages[7].Body)]))),
        ]);
        return 0;
    }

    private static IEnumerable<(string Name, MessageType Type, byte[] Body)> Messages()
    {
        yield return ("sign-x509", MessageType.SignX509Request, MessageCodec.Serialize(new SignX509Request { RequestId = "r1", FrontEndTimeUnixMs = Time, Root = "root-ec", Profile = "server", Csr = FakeDer }));
        yield return ("ca-cert", MessageType.CaCertRequest, MessageCodec.Serialize(new CaCertRequest { RequestId = "r2", FrontEndTimeUnixMs = Time, Root = "root-ec" }));
        yield return ("status", MessageType.StatusRequest, MessageCodec.Serialize(new StatusRequest { RequestId = "r3", FrontEndTimeUnixMs = Time }));
        yield return ("revoke", MessageType.RevokeRequest, MessageCodec.Serialize(new RevokeRequest { RequestId = "r4", FrontEndTimeUnixMs = Time, Root = "root-ec", SerialHex = "1f2e3d", Reason = 1 }));
        yield return ("crl", MessageType.CrlRequest, MessageCodec.Serialize(new CrlRequest { RequestId = "r5", FrontEndTimeUnixMs = Time, Root = "root-ec", Delta = true, BaseCrlNumber = 3 }));
        yield return ("pgp-sign", MessageType.PgpSignRequest, MessageCodec.Serialize(new PgpSignRequest { RequestId = "r6", FrontEndTimeUnixMs = Time, PublicKey = [0x99, 0x00], UserIds = ["A <a@example.test>"] }));
        yield return ("pgp-ca-key", MessageType.PgpCaKeyRequest, MessageCodec.Serialize(new PgpCaKeyRequest { RequestId = "r7", FrontEndTimeUnixMs = Time }));
        yield return ("keepalive", MessageType.KeepaliveRequest, MessageCodec.Serialize(new KeepaliveRequest { RequestId = "r8", FrontEndTimeUnixMs = Time }));
        yield return ("sign-spkac", MessageType.SignSpkacRequest, MessageCodec.Serialize(new SignSpkacRequest
        {
            RequestId = "r9", FrontEndTimeUnixMs = Time, Root = "root-ec", Profile = "client", Spkac = FakeDer, Subject = ["CN=a"], Sans = ["email:a@example.test"],
        }));
    }

    private static void Save(string corpus, string target, IEnumerable<(string Name, byte[] Bytes)> seeds)
    {
        var dir = Path.Combine(corpus, target);
        Directory.CreateDirectory(dir);
        foreach (var (name, bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(dir, name), bytes);
        }
    }
}
