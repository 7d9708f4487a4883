using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PrivSepSigner.Keys;

/// <summary>
/// One .NET key object per concurrent user. .NET does not promise that an RSA or ECDsa
/// instance may be used by two threads at once, so each operation takes an instance of its
/// own from the pool instead of queueing on a lock: with the signer's threads signing and
/// verifying in parallel, one lock around an RSA-2048 signature held the other thread for
/// half of its time. The pool grows only to the number of threads using it at the same time.
/// </summary>
/// <typeparam name="T">RSA or ECDsa.</typeparam>
public sealed class KeyInstancePool<T> : IDisposable
    where T : AsymmetricAlgorithm
{
    private readonly Func<T> create;
    private readonly ConcurrentBag<T> idle = [];
    private int disposed;

    /// <param name="first">An instance to start with; the pool owns it.</param>
    /// <param name="create">Makes another instance of the same key when all are in use.</param>
    public KeyInstancePool(T first, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(create);
        this.create = create;
        idle.Add(first);
    }

    /// <summary>Runs <paramref name="operation"/> on an instance no other thread is using.</summary>
    public TResult Use<TState, TResult>(TState state, Func<T, TState, TResult> operation)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(operation);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (!idle.TryTake(out var instance))
        {
            instance = create();
        }

        try
        {
            return operation(instance, state);
        }
        finally
        {
            if (Volatile.Read(ref disposed) != 0)
            {
                instance.Dispose();
            }
            else
            {
                idle.Add(instance);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        while (idle.TryTake(out var instance))
        {
            instance.Dispose();
        }
    }
}
