using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>A root's loaded key versions, newest first (type 0x90); bounded by the frame's size.</summary>
[MessagePackObject]
public sealed class RootVersionsResponse : IWireMessage
{
    /// <summary>The id of the request this answers.</summary>
    [Key(0)]
    public required string RequestId { get; init; }

    /// <summary>Name of the root.</summary>
    [Key(1)]
    public required string Root { get; init; }

    /// <summary>The versions, newest first.</summary>
    [Key(2)]
    public required RootVersion[] Versions { get; init; }

    /// <summary>True when older versions were left out so that the answer fits one frame.</summary>
    [Key(3)]
    public required bool Truncated { get; init; }

    string? IWireMessage.FindMissingField()
    {
        if (RequestId is null)
        {
            return "requestId";
        }

        if (Root is null)
        {
            return "root";
        }

        if (Versions is null)
        {
            return "versions";
        }

        foreach (RootVersion? v in Versions)
        {
            string? missing = v is null ? string.Empty : ((IWireMessage)v).FindMissingField();
            if (missing is not null)
            {
                return missing.Length == 0 ? "versions[]" : "versions[]." + missing;
            }
        }

        return null;
    }
}
