namespace PrivSepSigner.Cli.Installation;

/// <summary>What `init` creates: the link kind and the roots.</summary>
internal sealed record DevInstallationOptions(string LinkKind, IReadOnlyList<RootSpec> Roots)
{
    public static IReadOnlyList<RootSpec> DefaultRoots { get; } =
    [
        new RootSpec("root-rsa", RootKeyKind.Rsa, 2048),
        new RootSpec("root-ec", RootKeyKind.EcP256, 256),
    ];
}

internal enum RootKeyKind
{
    Rsa,
    EcP256,
    EcP384,
}

/// <summary>One root to create: name, key kind and size.</summary>
internal sealed record RootSpec(string Name, RootKeyKind Kind, int Bits);
