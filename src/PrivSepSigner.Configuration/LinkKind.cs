namespace PrivSepSigner.Configuration;

/// <summary>
/// How the front end reaches the comm handler (<c>link.kind</c>); spelt in the config file as
/// <see cref="ConfigSpellings.LinkKinds"/> says.
/// </summary>
public enum LinkKind
{
    /// <summary>"unix": a stream socket, one session per connection.</summary>
    Unix,

    /// <summary>"pty": a pseudo-terminal pair, the front end's end published as a symlink.</summary>
    Pty,

    /// <summary>"tty": a real serial device.</summary>
    Tty,
}
