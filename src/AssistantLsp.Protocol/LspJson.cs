using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace AssistantLsp.Protocol;

/// <summary>The one JSON shape of the protocol: camelCase names, nulls left out.</summary>
public static class LspJson
{
    public static JsonSerializerSettings Settings { get; } = Configure(new JsonSerializerSettings());

    public static JsonSerializer Serializer { get; } = JsonSerializer.Create(Settings);

    public static JsonSerializerSettings Configure(JsonSerializerSettings settings)
    {
        settings.ContractResolver = new CamelCasePropertyNamesContractResolver
        {
            // Keys of dictionaries (document URIs in WorkspaceEdit.changes) must stay as they are.
            NamingStrategy = new CamelCaseNamingStrategy { ProcessDictionaryKeys = false, OverrideSpecifiedNames = true },
        };
        settings.NullValueHandling = NullValueHandling.Ignore;
        settings.MissingMemberHandling = MissingMemberHandling.Ignore;
        settings.DateParseHandling = DateParseHandling.None;
        settings.MaxDepth = JsonRpcEnvelope.MaxDepth + 8; // the framing refuses deeper messages; this guards converters
        settings.Converters.Add(new StrictStringConverter());
        return settings;
    }
}
