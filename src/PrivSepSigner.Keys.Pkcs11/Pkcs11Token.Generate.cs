using System.Formats.Asn1;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

public sealed partial class Pkcs11Token
{
    private static readonly byte[] Rsa65537 = [0x01, 0x00, 0x01];

    /// <summary>
    /// Key ceremony: generates a key pair on the token (CKA_TOKEN, CKA_SENSITIVE, not
    /// CKA_EXTRACTABLE: the private key can never be read out) and opens it. Refuses a label
    /// that is already in use, and is not retried after a connection loss (a retry could
    /// create a second key).
    /// </summary>
    public ISigningKey GenerateKey(string label, KeySpec spec)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (!Enum.IsDefined(spec))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown key spec");
        }

        Execute((session, _) => GenerateOn(session, label, spec), retry: false);
        return OpenKey(label);
    }

    private bool GenerateOn(ISession session, string label, KeySpec spec)
    {
        if (Pkcs11Objects.Exists(session, factories, label))
        {
            throw new InvalidOperationException($"{Where}: an object labelled \"{label}\" already exists; choose a new label");
        }

        var f = factories.ObjectAttributeFactory;
        var id = RandomNumberGenerator.GetBytes(16);
        List<IObjectAttribute> publicTemplate =
        [
            f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, false),
            f.Create(CKA.CKA_LABEL, label),
            f.Create(CKA.CKA_ID, id),
            f.Create(CKA.CKA_VERIFY, true),
        ];
        List<IObjectAttribute> privateTemplate =
        [
            f.Create(CKA.CKA_TOKEN, true),
            f.Create(CKA.CKA_PRIVATE, true),
            f.Create(CKA.CKA_LABEL, label),
            f.Create(CKA.CKA_ID, id),
            f.Create(CKA.CKA_SIGN, true),
            f.Create(CKA.CKA_DECRYPT, false),
            f.Create(CKA.CKA_UNWRAP, false),
            f.Create(CKA.CKA_DERIVE, false),
            f.Create(CKA.CKA_SENSITIVE, true),
            f.Create(CKA.CKA_EXTRACTABLE, false),
        ];

        CKM mechanismType;
        switch (spec)
        {
            case KeySpec.Rsa2048 or KeySpec.Rsa3072 or KeySpec.Rsa4096:
                mechanismType = CKM.CKM_RSA_PKCS_KEY_PAIR_GEN;
                var bits = spec switch { KeySpec.Rsa2048 => 2048UL, KeySpec.Rsa3072 => 3072UL, _ => 4096UL };
                publicTemplate.Add(f.Create(CKA.CKA_MODULUS_BITS, bits));
                publicTemplate.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, Rsa65537));
                break;
            default:
                mechanismType = CKM.CKM_EC_KEY_PAIR_GEN;
                var oid = spec == KeySpec.EcP256 ? "1.2.840.10045.3.1.7" : "1.3.132.0.34"; // RFC 5480 2.1.1.1
                var writer = new AsnWriter(AsnEncodingRules.DER);
                writer.WriteObjectIdentifier(oid);
                publicTemplate.Add(f.Create(CKA.CKA_EC_PARAMS, writer.Encode()));
                break;
        }

        using var mechanism = factories.MechanismFactory.Create(mechanismType);
        session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out _, out _);
        return true;
    }
}
