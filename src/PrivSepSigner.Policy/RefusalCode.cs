namespace PrivSepSigner.Policy;

/// <summary>Why a well-formed request was refused by its profile. Values are never reused.</summary>
public enum RefusalCode
{
    KeyTooSmall = 1,
    KeyTooLarge = 2,
    KeyTypeNotAllowed = 3,
    CurveNotAllowed = 4,
    CaNotAllowed = 5,
    SanTypeNotAllowed = 6,
    SanRequired = 7,
    SanInvalid = 8,
    SubjectEmpty = 9,
    SubjectAttributeInvalid = 10,
    KeyBlocked = 11,
    RsaPublicExponent = 12,
    RsaSmallFactor = 13,
    RsaFermatWeak = 14,
    RocaVulnerable = 15,
    KeyReused = 16,
    SubjectNotInSan = 17,
}
