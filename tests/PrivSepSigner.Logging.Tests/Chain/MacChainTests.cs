using System.Text;
using PrivSepSigner.Logging.Chain;
using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Logging.Tests.Chain;

public sealed class MacChainTests
{
    private const string Boot = "0123456789abcdef";

    private static string Line(int seq, string mac) =>
        $"<134>1 2024-05-01T12:00:00.000Z host app 42 audit [chain@32473 boot=\"{Boot}\" seq=\"{seq}\" mac=\"{mac}\"] audit: hello";

    /// <summary>
    /// Known answers computed independently (Python hmac/hashlib) from docs/audit-log.md:
    /// k = HMAC(k0, "privsep-boot"||boot); mac = HMAC(k, boot||be64(seq)||line with mac="");
    /// k' = SHA-256("privsep-chain"||k).
    /// </summary>
    [Fact]
    public void Known_answer()
    {
        using var chain = new MacChain(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), Boot);
        var first = chain.Seal(Encoding.ASCII.GetBytes(Line(0, "")));
        var second = chain.Seal(Encoding.ASCII.GetBytes(Line(1, "")));
        Assert.Equal(Line(0, "00973d9aae7bd67acc6d82c1be803f01e7f1f4e35cc370fa9504bfa76bb1339d"), Encoding.ASCII.GetString(first));
        Assert.Equal(Line(1, "5ecc781bc6b939547df276e9d5756aa6b628a4f98030d8460e0dac9db52b8f0e"), Encoding.ASCII.GetString(second));
        Assert.Equal(2UL, chain.NextSequence);
    }

    [Fact]
    public void Placeholder_names_boot_and_next_sequence()
    {
        using var chain = new MacChain(new byte[32], Boot);
        Assert.Equal($"[chain@32473 boot=\"{Boot}\" seq=\"0\" mac=\"\"]", chain.Placeholder());
    }

    [Fact]
    public void Boot_ids_are_random_16_hex()
    {
        using var a = new MacChain(new byte[32]);
        using var b = new MacChain(new byte[32]);
        Assert.True(MacChain.IsValidBootId(a.BootId));
        Assert.NotEqual(a.BootId, b.BootId);
    }

    [Fact]
    public void Load_key_accepts_raw_and_hex_and_rejects_others()
    {
        using var dir = new TempDir();
        var raw = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(dir.File("raw"), raw);
        File.WriteAllText(dir.File("hex"), Convert.ToHexStringLower(raw) + "\n");
        File.WriteAllText(dir.File("short"), "abcd");
        File.WriteAllText(dir.File("nothex"), new string('z', 64));
        Assert.Equal(raw, MacChain.LoadKey(dir.File("raw")));
        Assert.Equal(raw, MacChain.LoadKey(dir.File("hex")));
        Assert.Throws<InvalidDataException>(() => MacChain.LoadKey(dir.File("short")));
        Assert.Throws<InvalidDataException>(() => MacChain.LoadKey(dir.File("nothex")));
    }

    [Fact]
    public void Sealing_after_dispose_is_refused()
    {
        var chain = new MacChain(new byte[32], Boot);
        chain.Dispose();
        Assert.Throws<ObjectDisposedException>(() => chain.Seal(Encoding.ASCII.GetBytes(Line(0, ""))));
    }
}
