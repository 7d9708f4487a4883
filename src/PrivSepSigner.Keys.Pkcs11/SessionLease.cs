using Net.Pkcs11Interop.HighLevelAPI;

namespace PrivSepSigner.Keys.Pkcs11;

/// <summary>
/// A logged-in session lent to one thread for one operation (PKCS#11 sessions are not safe
/// for concurrent operations). <see cref="Generation"/> ties it to the connection it came
/// from, so sessions of a connection that was reset are closed instead of reused.
/// </summary>
internal readonly record struct SessionLease(ISession Session, int Generation);
