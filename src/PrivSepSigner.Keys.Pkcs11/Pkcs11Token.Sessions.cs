using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

public sealed partial class Pkcs11Token
{
    /// <summary>Idle sessions kept for reuse; more concurrent signers open more, the excess is closed.</summary>
    private const int MaxIdleSessions = 8;

    // All fields below are guarded by gate, except available (Interlocked).
    private readonly Stack<SessionLease> idle = new();
    private IPkcs11Library? library;
    private ISlot? slot;
    private int generation;
    private string? pinRefusal;
    private int available = 1;

    /// <summary>
    /// Runs <paramref name="operation"/> on a session of its own. On a connection-loss return
    /// code the connection is reset, re-opened and (if <paramref name="retry"/>) the operation
    /// retried once; if that fails too the token is marked unavailable.
    /// </summary>
    internal T Execute<T>(Func<ISession, int, T> operation, bool retry)
    {
        Exception? lastFailure = null;
        for (var attempt = 0; attempt < (retry ? 2 : 1); attempt++)
        {
            SessionLease lease;
            try
            {
                lease = Rent();
            }
            catch (Exception e) when (e is Pkcs11Exception or KeyUnavailableException or IOException or InvalidDataException or CryptographicException or UnauthorizedAccessException)
            {
                // Rent already re-opened if needed: a failure here is the outage itself.
                throw Unavailable(e);
            }

            try
            {
                var result = operation(lease.Session, lease.Generation);
                Return(lease);
                MarkAvailable();
                return result;
            }
            catch (Pkcs11Exception e) when (ReturnCodes.IsConnectionLoss(e.RV))
            {
                lastFailure = e;
                Reset(lease, e.RV);
            }
            catch (Pkcs11Exception e)
            {
                Return(lease);
                throw new CryptographicException($"{Where}: {Describe(e)}", e);
            }
            catch
            {
                Return(lease);
                throw;
            }
        }

        throw Unavailable(lastFailure!);
    }

    private SessionLease Rent()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (slot is null)
            {
                ConnectLocked();
            }

            while (idle.TryPop(out var lease))
            {
                if (lease.Generation == generation)
                {
                    return lease;
                }

                CloseQuietly(lease.Session);
            }

            return new SessionLease(OpenLoggedInSessionLocked(), generation);
        }
    }

    private void Return(SessionLease lease)
    {
        lock (gate)
        {
            if (disposed || lease.Generation != generation || idle.Count >= MaxIdleSessions)
            {
                CloseQuietly(lease.Session);
                return;
            }

            idle.Push(lease);
        }
    }

    /// <summary>Forgets the connection <paramref name="failed"/> came from (unless another thread already did).</summary>
    private void Reset(SessionLease failed, CKR rv)
    {
        lock (gate)
        {
            CloseQuietly(failed.Session);
            if (disposed || failed.Generation != generation)
            {
                return;
            }

            DropSessionsLocked();
            if (rv == CKR.CKR_CRYPTOKI_NOT_INITIALIZED)
            {
                DropLibraryLocked();
            }
        }
    }

    /// <summary>
    /// Finds the token and logs in. If the loaded module cannot (HSM restarted, module
    /// finalised behind our back, slot list stale), it is unloaded and loaded once more.
    /// </summary>
    private void ConnectLocked()
    {
        if (pinRefusal is not null)
        {
            throw new KeyUnavailableException($"{Where}: {pinRefusal}; not logging in again, so the token's PIN retry counter is not used up; fix the PIN credential and restart the signer");
        }

        var reloaded = false;
        if (library is null)
        {
            library = LoadLibrary();
            reloaded = true;
        }

        try
        {
            ConnectSlotLocked();
        }
        catch (Exception e) when (!reloaded && pinRefusal is null && e is Pkcs11Exception or KeyUnavailableException)
        {
            DropSessionsLocked();
            DropLibraryLocked();
            library = LoadLibrary();
            ConnectSlotLocked();
        }
    }

    private IPkcs11Library LoadLibrary()
    {
        LibdlResolver.EnsureRegistered();
        return factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, modulePath, AppType.MultiThreaded);
    }

    private void ConnectSlotLocked()
    {
        ISlot? found = null;
        foreach (var candidate in library!.GetSlotList(SlotsType.WithTokenPresent))
        {
            if (candidate.GetTokenInfo().Label.TrimEnd(' ') != tokenLabel)
            {
                continue;
            }

            if (found is not null)
            {
                throw new KeyUnavailableException($"{Where}: more than one token carries this label; labels must be unique");
            }

            found = candidate;
        }

        slot = found ?? throw new KeyUnavailableException($"{Where}: no token with this label is present");
        generation++;
        try
        {
            idle.Push(new SessionLease(OpenLoggedInSessionLocked(), generation));
        }
        catch
        {
            slot = null;
            throw;
        }
    }

    private ISession OpenLoggedInSessionLocked()
    {
        // Read-write: the key ceremony creates objects; signing needs no more than read-only.
        var session = slot!.OpenSession(SessionType.ReadWrite);
        try
        {
            // Login state is per token and application (PKCS#11 v2.40 5.6): a new session of a
            // logged-in application is logged in already, and the PIN file is not read again.
            if (session.GetSessionInfo().State != CKS.CKS_RW_USER_FUNCTIONS)
            {
                LoginLocked(session);
            }

            return session;
        }
        catch
        {
            CloseQuietly(session);
            throw;
        }
    }

    private void LoginLocked(ISession session)
    {
        byte[] pin = Credentials.ReadSecretFile(pinFile);
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another session logged in first; the login state is shared.
        }
        catch (Pkcs11Exception e) when (ReturnCodes.IsPinRefusal(e.RV))
        {
            pinRefusal = $"login refused ({e.RV}) with the PIN from {pinFile}";
            throw new CryptographicException($"{Where}: {pinRefusal}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pin);
        }
    }

    private void DropSessionsLocked()
    {
        while (idle.TryPop(out var lease))
        {
            CloseQuietly(lease.Session);
        }

        slot = null;
        generation++;
    }

    private void DropLibraryLocked()
    {
        var old = library;
        library = null;
        if (old is null)
        {
            return;
        }

        try
        {
            old.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // C_Finalize of a module that was finalised behind our back: nothing left to release.
        }
    }

    private static void CloseQuietly(ISession session)
    {
        try
        {
            session.Dispose();
        }
        catch (Pkcs11Exception)
        {
            // The session is already gone on the token side; the handle is just forgotten.
        }
    }

    private KeyUnavailableException Unavailable(Exception cause)
    {
        var reason = cause switch
        {
            Pkcs11Exception p => Describe(p),
            KeyUnavailableException k => k.Message,
            _ => cause.Message,
        };
        if (Interlocked.Exchange(ref available, 0) == 1)
        {
            Raise(new TokenAvailabilityChangedEventArgs(false, reason));
        }

        return cause as KeyUnavailableException ?? new KeyUnavailableException($"{Where}: unavailable: {reason}", cause);
    }

    private void MarkAvailable()
    {
        if (Interlocked.Exchange(ref available, 1) == 0)
        {
            Raise(new TokenAvailabilityChangedEventArgs(true, "token reachable again"));
        }
    }

    private void Raise(TokenAvailabilityChangedEventArgs args)
    {
        try
        {
            AvailabilityChanged?.Invoke(this, args);
        }
        catch (Exception)
        {
            // An alarm handler that fails must not turn a signature into a failure.
        }
    }
}
