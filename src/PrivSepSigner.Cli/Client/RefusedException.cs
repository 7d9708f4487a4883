using PrivSepSigner.Protocol;
using PrivSepSigner.Protocol.Messages;

namespace PrivSepSigner.Cli.Client;

/// <summary>The signing host answered with an error; carries its code and message.</summary>
internal sealed class RefusedException(ErrorResponse error) : Exception($"{error.Code}: {error.Message}")
{
    public ErrorResponse Error { get; } = error;
}
