using StreamJsonRpc;

namespace AssistantLsp.Protocol;

/// <summary>Builds the JSON-RPC connection: LSP Content-Length framing, Newtonsoft with our JSON shape.</summary>
public static class LspConnection
{
    public static JsonRpc Create(Stream sendingStream, Stream receivingStream, Action<string>? onMalformedMessage = null)
    {
        var formatter = new JsonMessageFormatter();
        var serializer = formatter.JsonSerializer;
        serializer.ContractResolver = LspJson.Settings.ContractResolver!;
        serializer.NullValueHandling = LspJson.Settings.NullValueHandling;
        serializer.MissingMemberHandling = LspJson.Settings.MissingMemberHandling;
        serializer.DateParseHandling = LspJson.Settings.DateParseHandling;
        var handler = new LspMessageHandler(sendingStream, receivingStream, formatter) { OnMalformedMessage = onMalformedMessage };
        return new JsonRpc(handler);
    }
}
