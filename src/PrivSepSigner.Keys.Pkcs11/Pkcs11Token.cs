using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// The ONE PKCS#11 context of the process. Only the signer (the key-holding daemon) creates
/// it, once, at start-up, and shares it between its signing threads; a second
/// <see cref="Open"/> in the same process is refused (<see cref="ProcessContextGuard"/>), as
/// PKCS#11 allows one C_Initialize per application and an HSM module is not meant to be
/// loaded by any other process of ours (REFERENCE 1).
/// SECURITY: private keys stay on the token (generated Sensitive, not Extractable); the PIN
/// is read from a credential file only when logging in, passed as bytes and zeroed, never
/// kept in memory and never put in a message. A refused PIN is not retried automatically.
/// Stale sessions (HSM restart, CKR_SESSION_HANDLE_INVALID, ...) are re-opened and the
/// operation retried once; while that fails, operations throw
/// <see cref="KeyUnavailableException"/> and <see cref="AvailabilityChanged"/> fires once per outage.
/// </summary>
public sealed partial class Pkcs11Token : IDisposable
{
    private readonly Pkcs11InteropFactories factories = new();
    private readonly string modulePath;
    private readonly string tokenLabel;
    private readonly string pinFile;
    private readonly Lock gate = new();
    private bool disposed;

    private Pkcs11Token(string modulePath, string tokenLabel, string pinFile)
    {
        this.modulePath = modulePath;
        this.tokenLabel = tokenLabel;
        this.pinFile = pinFile;
    }

    /// <summary>Fires on each change between available and unavailable; handlers must not block.</summary>
    public event EventHandler<TokenAvailabilityChangedEventArgs>? AvailabilityChanged;

    public string TokenLabel => tokenLabel;

    /// <summary>False from the first failed re-open until an operation succeeds again.</summary>
    public bool IsAvailable => Volatile.Read(ref available) == 1;

    /// <summary>
    /// Loads <paramref name="modulePath"/>, finds the token labelled <paramref name="tokenLabel"/>
    /// and logs in with the PIN in <paramref name="pinFile"/> (normally
    /// <c>SystemdCredentials.Resolve("pkcs11-pin")</c>). Throws <see cref="InvalidOperationException"/>
    /// if a context is already open in this process.
    /// </summary>
    public static Pkcs11Token Open(string modulePath, string tokenLabel, string pinFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(modulePath);
        ArgumentException.ThrowIfNullOrEmpty(tokenLabel);
        ArgumentException.ThrowIfNullOrEmpty(pinFile);
        if (!Path.IsPathFullyQualified(modulePath))
        {
            // An unqualified name would be searched for by the loader: a library-path attack.
            throw new ArgumentException($"PKCS#11 module path \"{modulePath}\" must be absolute", nameof(modulePath));
        }

        ProcessContextGuard.Acquire();
        var token = new Pkcs11Token(modulePath, tokenLabel, Path.GetFullPath(pinFile));
        try
        {
            lock (token.gate)
            {
                token.ConnectLocked();
            }

            return token;
        }
        catch (Pkcs11Exception e)
        {
            token.Dispose();
            throw new KeyUnavailableException($"{token.Where}: {Describe(e)}", e);
        }
        catch
        {
            token.Dispose();
            throw;
        }
    }

    /// <summary>Opens the private key labelled <paramref name="keyLabel"/> (CKO_PRIVATE_KEY, CKA_LABEL).</summary>
    public ISigningKey OpenKey(string keyLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyLabel);
        var key = Execute((session, _) => Pkcs11SigningKey.Create(this, session, keyLabel), retry: true);
        try
        {
            key.CheckPairwiseConsistency();
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The token's protection attributes of the private key, for the key ceremony record.</summary>
    public PrivateKeyProtection DescribeProtection(string keyLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyLabel);
        return Execute(
            (session, _) =>
            {
                var handle = Pkcs11Objects.FindPrivateKey(session, factories, keyLabel, Where);
                var values = session.GetAttributeValue(handle, [CKA.CKA_TOKEN, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE]);
                return new PrivateKeyProtection(
                    values[0].GetValueAsBool(),
                    values[1].GetValueAsBool(),
                    values[2].GetValueAsBool(),
                    values[3].GetValueAsBool(),
                    values[4].GetValueAsBool());
            },
            retry: true);
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            DropSessionsLocked();
            DropLibraryLocked();
        }

        ProcessContextGuard.Release();
    }

    /// <summary>Simulates an HSM restart: C_CloseAllSessions behind the pool's back.</summary>
    internal void InvalidateSessionsForTest()
    {
        lock (gate)
        {
            slot?.CloseAllSessions();
        }
    }

    internal Pkcs11InteropFactories Factories => factories;

    /// <summary>Names the token in messages: module and label, never the PIN.</summary>
    internal string Where => $"PKCS#11 token \"{tokenLabel}\" ({modulePath})";

    internal static string Describe(Pkcs11Exception e) => $"{e.Method} returned {e.RV}";
}
