using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivSepSigner.Configuration;

/// <summary>
/// Reads and writes an enum as its config-file string; anything else (another string, a number,
/// null) is refused with the allowed values. The loader turns the refusal into a
/// <see cref="ConfigurationException"/> naming the key.
/// </summary>
internal sealed class ConfigSpellingConverter<T>(ConfigSpelling<T> spelling) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && spelling.TryParse(reader.GetString(), out var value))
        {
            return value;
        }

        throw new JsonException($"must be {spelling.Allowed}");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(spelling.Text(value));
    }
}
