using System.Runtime.InteropServices;
using PrivSepSigner.Keys.Pkcs11;
using PrivSepSigner.Keys.Tests.Support;

namespace PrivSepSigner.Keys.Tests.Pkcs11;

/// <summary>
/// A real outage: the module is finalised behind the token's back (C_Finalize through a second
/// handle of the same loaded library, as an HSM client daemon restart would do) and the token
/// directory disappears, so re-initialising cannot find the token until it comes back.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed unsafe class Pkcs11OutageTests
{
    private readonly SoftHsmFixture hsm;

    public Pkcs11OutageTests(SoftHsmFixture hsm)
    {
        this.hsm = hsm;
    }

    [Fact]
    public void OutageGivesKeyUnavailableAndOneAlarmThenRecovers()
    {
        using var token = Pkcs11Token.Open(SoftHsmFixture.ModulePath, SoftHsmFixture.TokenLabel, hsm.PinFile);
        var events = new List<TokenAvailabilityChangedEventArgs>();
        token.AvailabilityChanged += (_, e) => events.Add(e);
        using var key = token.GenerateKey($"k-{Guid.NewGuid():N}", KeySpec.EcP256);
        var data = "during an outage"u8.ToArray();
        Assert.True(EncryptedPkcs8KeyFileTests.Verify(key, data, key.Sign(data)));

        var away = hsm.TokenDir + ".away";
        Directory.Move(hsm.TokenDir, away);
        try
        {
            FinalizeBehindTheTokensBack();
            for (var i = 0; i < 25; i++)
            {
                var e = Assert.Throws<KeyUnavailableException>(() => key.Sign(data));
                Assert.DoesNotContain(SoftHsmFixture.UserPin, e.Message, StringComparison.Ordinal);
                Assert.False(token.IsAvailable);
            }
        }
        finally
        {
            Directory.Move(away, hsm.TokenDir);
        }

        var alarm = Assert.Single(events);
        Assert.False(alarm.IsAvailable);

        // The token is back: the next signature re-initialises, logs in and succeeds.
        Assert.True(EncryptedPkcs8KeyFileTests.Verify(key, data, key.Sign(data)));
        Assert.True(token.IsAvailable);
        Assert.Equal(2, events.Count);
        Assert.True(events[1].IsAvailable);
    }

    private static void FinalizeBehindTheTokensBack()
    {
        var module = NativeLibrary.Load(SoftHsmFixture.ModulePath);
        try
        {
            var finalize = (delegate* unmanaged<nint, nuint>)NativeLibrary.GetExport(module, "C_Finalize");
            Assert.Equal(0u, (uint)finalize(0));
        }
        finally
        {
            NativeLibrary.Free(module);
        }
    }
}
