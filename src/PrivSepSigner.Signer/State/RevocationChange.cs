namespace PrivSepSigner.Signer.State;

/// <summary>What a <see cref="RevocationRecord"/> does to a certificate.</summary>
internal enum RevocationChange
{
    /// <summary>Revokes a certificate that was not revoked.</summary>
    Revoke,

    /// <summary>Changes the reason of a revoked certificate, keeping its revocation date.</summary>
    ChangeReason,

    /// <summary>Releases a certificateHold: the certificate is valid again; delta CRLs list it as removeFromCRL.</summary>
    Release,
}
