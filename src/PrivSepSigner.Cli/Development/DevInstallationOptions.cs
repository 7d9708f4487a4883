using PrivSepSigner.Configuration;

namespace PrivSepSigner.Cli.Development;

/// <summary>What `init` creates: the link kind, the roots and, optionally, the token holding their keys.</summary>
internal sealed record DevInstallationOptions(LinkKind LinkKind, IReadOnlyList<RootSpec> Roots, TokenSpec? Token = null)
{
    public static IReadOnlyList<RootSpec> DefaultRoots { get; } =
    [
        new RootSpec("root-rsa", "rsa-2048"),
        new RootSpec("root-ec", "p-256"),
    ];
}

/// <summary>One root to create: its name and key algorithm (as `privsep-signerd ceremony root-key --algorithm` takes it).</summary>
internal sealed record RootSpec(string Name, string Algorithm);

/// <summary>A PKCS#11 token (already initialised) for the CA keys, and the file holding its user PIN.</summary>
internal sealed record TokenSpec(string Module, string Label, string PinFile);
