using Net.Pkcs11Interop.Common;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>How the token backend reacts to a PKCS#11 return code (PKCS#11 v2.40 5.1).</summary>
internal static class ReturnCodes
{
    /// <summary>The connection is gone (HSM restart, token pulled, module finalised): re-open and retry once.</summary>
    public static bool IsConnectionLoss(CKR rv) => rv is CKR.CKR_SESSION_HANDLE_INVALID
        or CKR.CKR_SESSION_CLOSED
        or CKR.CKR_DEVICE_REMOVED
        or CKR.CKR_TOKEN_NOT_PRESENT
        or CKR.CKR_TOKEN_NOT_RECOGNIZED
        or CKR.CKR_CRYPTOKI_NOT_INITIALIZED
        or CKR.CKR_USER_NOT_LOGGED_IN
        or CKR.CKR_DEVICE_ERROR;

    /// <summary>The PIN was refused: never retried automatically, so the token's retry counter cannot run out.</summary>
    public static bool IsPinRefusal(CKR rv) => rv is CKR.CKR_PIN_INCORRECT
        or CKR.CKR_PIN_INVALID
        or CKR.CKR_PIN_LEN_RANGE
        or CKR.CKR_PIN_LOCKED
        or CKR.CKR_PIN_EXPIRED;
}
