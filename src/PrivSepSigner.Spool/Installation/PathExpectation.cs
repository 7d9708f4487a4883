namespace PrivSepSigner.Spool.Installation;

/// <summary>
/// What one path of the installation must be: its type, owner, group and exact mode
/// (including the sticky bit). A null group means "any" (development installs).
/// <see cref="AllowStricter"/> lets a path with fewer permission bits pass (a key file at
/// 0400 where 0600 is listed); it never lets an extra bit pass.
/// </summary>
public sealed record PathExpectation(string Path, PathKind Kind, uint OwnerUid, uint? GroupGid, int Mode, bool AllowStricter = false);
