namespace PrivSepSigner.Issuance.OpenPgp;

/// <summary>The one exception for a submitted OpenPGP key that cannot or must not be certified.</summary>
public sealed class PgpRefusedException(string message, Exception? inner = null) : Exception(message, inner);
