using PrivSepSigner.TestSupport;

namespace PrivSepSigner.Keys.Tests.Support;

/// <summary>
/// One SoftHSM2 token for the whole test process: SoftHSM reads SOFTHSM2_CONF at C_Initialize
/// and the product allows one PKCS#11 context per process, so every PKCS#11 test shares this
/// conf and token and runs in one (serial) collection, each opening and disposing its own
/// <c>Pkcs11Token</c>.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string TokenLabel = "test";
    public const string UserPin = "1234";

    private readonly TempDir dir = new();

    public SoftHsmFixture()
    {
        TokenDir = dir.File("tokens");
        Directory.CreateDirectory(TokenDir);
        var conf = dir.File("softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {TokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        NativeEnvironment.Set("SOFTHSM2_CONF", conf);
        Tool.Ok("softhsm2-util", new Dictionary<string, string> { ["SOFTHSM2_CONF"] = conf },
            "--init-token", "--free", "--label", TokenLabel, "--pin", UserPin, "--so-pin", "5678");
        PinFile = dir.Secret("pin", UserPin + "\n");
    }

    public string TokenDir { get; }

    public string PinFile { get; }

    public string Secret(string name, string content) => dir.Secret(name, content);

    public void Dispose() => dir.Dispose();
}
