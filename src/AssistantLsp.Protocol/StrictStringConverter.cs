using Newtonsoft.Json;

namespace AssistantLsp.Protocol;

/// <summary>
/// Newtonsoft turns 42 into "42" where a string is expected; LSP params with a wrong type must
/// instead be rejected (-32602), so reading a string accepts only a JSON string or null.
/// </summary>
public sealed class StrictStringConverter : JsonConverter<string>
{
    public override bool CanWrite => false;

    public override string? ReadJson(JsonReader reader, Type objectType, string? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
        reader.TokenType switch
        {
            JsonToken.String => (string?)reader.Value,
            JsonToken.Null => null,
            _ => throw new JsonSerializationException($"Expected a string at '{reader.Path}', got {reader.TokenType}."),
        };

    public override void WriteJson(JsonWriter writer, string? value, JsonSerializer serializer) =>
        throw new NotSupportedException();
}
