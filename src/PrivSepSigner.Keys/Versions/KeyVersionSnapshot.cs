using System.Security.Cryptography;

namespace PrivSepSigner.Keys.Versions;

/// <summary>
/// The key and certificate of one version, read through one directory handle so that they
/// always belong together. Dispose zeroes the key bytes; load the key and dispose promptly.
/// </summary>
public sealed class KeyVersionSnapshot : IDisposable
{
    private readonly byte[] keyPem;
    private readonly byte[] certificatePem;
    private bool disposed;

    internal KeyVersionSnapshot(string version, byte[] keyPem, byte[] certificatePem)
    {
        Version = version;
        this.keyPem = keyPem;
        this.certificatePem = certificatePem;
    }

    /// <summary>The version directory name (versions/&lt;n&gt;) the files were read from.</summary>
    public string Version { get; }

    /// <summary>The key PEM; valid until <see cref="Dispose"/>, which zeroes it.</summary>
    public ReadOnlySpan<byte> KeyPem
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return keyPem;
        }
    }

    public ReadOnlySpan<byte> CertificatePem
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return certificatePem;
        }
    }

    public void Dispose()
    {
        disposed = true;
        CryptographicOperations.ZeroMemory(keyPem);
    }
}
