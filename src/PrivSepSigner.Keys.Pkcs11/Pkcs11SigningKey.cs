using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// A private key that stays on the token. RSA signs with CKM_SHA256_RSA_PKCS (the token
/// hashes); ECDSA signs a hash computed here with CKM_ECDSA and returns DER (RFC 3279 2.2.3).
/// The object handle is looked up again after every reconnection (handles are not stable
/// across a module re-initialisation).
/// </summary>
internal sealed class Pkcs11SigningKey : ISigningKey
{
    private static readonly byte[] ConsistencyChallenge = "PrivSepSigner PKCS#11 pairwise consistency check"u8.ToArray();

    private readonly Pkcs11Token token;
    private readonly string label;
    private readonly byte[] subjectPublicKeyInfo;
    private readonly Lock gate = new();
    private IObjectHandle? handle;
    private int handleGeneration;
    private bool disposed;

    private Pkcs11SigningKey(Pkcs11Token token, string label, SignatureAlgorithm algorithm, string description, byte[] spki)
    {
        this.token = token;
        this.label = label;
        Algorithm = algorithm;
        Description = description;
        subjectPublicKeyInfo = spki;
    }

    public string Description { get; }

    public SignatureAlgorithm Algorithm { get; }

    public byte[] SubjectPublicKeyInfo => (byte[])subjectPublicKeyInfo.Clone();

    public static Pkcs11SigningKey Create(Pkcs11Token token, ISession session, string label)
    {
        var privateKey = Pkcs11Objects.FindPrivateKey(session, token.Factories, label, token.Where);
        var (algorithm, description, spki) = Pkcs11Objects.ReadPublicKey(session, token.Factories, privateKey, label, token.Where);
        return new Pkcs11SigningKey(token, label, algorithm, description, spki);
    }

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed), this);
        if (Algorithm == SignatureAlgorithm.RsaPkcs1Sha256)
        {
            var input = data.ToArray();
            return token.Execute((session, generation) => SignOn(session, generation, CKM.CKM_SHA256_RSA_PKCS, input), retry: true);
        }

        var hash = SignatureAlgorithms.HashOf(Algorithm);
        var digest = hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data)
            : hash == HashAlgorithmName.SHA384 ? SHA384.HashData(data)
            : SHA512.HashData(data);
        var raw = token.Execute((session, generation) => SignOn(session, generation, CKM.CKM_ECDSA, digest), retry: true);
        return EcdsaSignatureEncoding.RawToDer(raw, FieldBytes);
    }

    public void Dispose() => Volatile.Write(ref disposed, true);

    /// <summary>Signs a fixed challenge and verifies it with the public key: refuses a mismatched key pair.</summary>
    internal void CheckPairwiseConsistency()
    {
        var signature = Sign(ConsistencyChallenge);
        var hash = SignatureAlgorithms.HashOf(Algorithm);
        bool ok;
        if (Algorithm == SignatureAlgorithm.RsaPkcs1Sha256)
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            ok = rsa.VerifyData(ConsistencyChallenge, signature, hash, RSASignaturePadding.Pkcs1);
        }
        else
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            ok = ecdsa.VerifyData(ConsistencyChallenge, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        if (!ok)
        {
            throw new CryptographicException($"{token.Where}: key \"{label}\" does not match its public key object (pairwise consistency check failed)");
        }
    }

    private int FieldBytes => Algorithm switch
    {
        SignatureAlgorithm.EcdsaSha256 => 32,
        SignatureAlgorithm.EcdsaSha384 => 48,
        _ => 66,
    };

    private byte[] SignOn(ISession session, int generation, CKM mechanismType, byte[] input)
    {
        var key = HandleFor(session, generation);
        using var mechanism = token.Factories.MechanismFactory.Create(mechanismType);
        return session.Sign(mechanism, key, input);
    }

    private IObjectHandle HandleFor(ISession session, int generation)
    {
        lock (gate)
        {
            if (handle is null || handleGeneration != generation)
            {
                handle = Pkcs11Objects.FindPrivateKey(session, token.Factories, label, token.Where);
                handleGeneration = generation;
            }

            return handle;
        }
    }
}
