using System.Reflection;
using MessagePack;

namespace PrivSepSigner.Protocol.Messages;

/// <summary>
/// The number of array elements a message type has on the wire (highest [Key] + 1), computed
/// once per type. A body with more or fewer elements is malformed: fields are only added
/// together with a new protocol version, never silently.
/// </summary>
internal static class WireShape<T>
{
    public static readonly int FieldCount = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.GetCustomAttribute<KeyAttribute>()?.IntKey)
        .Where(k => k.HasValue)
        .Select(k => k!.Value + 1)
        .DefaultIfEmpty(0)
        .Max();
}
