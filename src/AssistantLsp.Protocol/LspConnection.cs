using StreamJsonRpc;

namespace AssistantLsp.Protocol;

/// <summary>Builds the JSON-RPC connection: LSP Content-Length framing, Newtonsoft with our JSON shape.</summary>
public static class LspConnection
{
    /// <param name="rejectRequest">Asked for every request, known method or not: an error to answer instead, or null.</param>
    /// <param name="reclaim">Told each message's size, to give back the memory huge messages leave behind.</param>
    public static JsonRpc Create(
        Stream sendingStream,
        Stream receivingStream,
        Action<string>? onMalformedMessage = null,
        Func<string, LocalRpcException?>? rejectRequest = null,
        LargeMessageReclaim? reclaim = null)
    {
        var formatter = new JsonMessageFormatter();
        var serializer = formatter.JsonSerializer;
        serializer.ContractResolver = LspJson.Settings.ContractResolver!;
        serializer.NullValueHandling = LspJson.Settings.NullValueHandling;
        serializer.MissingMemberHandling = LspJson.Settings.MissingMemberHandling;
        serializer.DateParseHandling = LspJson.Settings.DateParseHandling;
        serializer.MaxDepth = LspJson.Settings.MaxDepth;
        var handler = new LspMessageHandler(sendingStream, receivingStream, formatter) { OnMalformedMessage = onMalformedMessage, RejectRequest = rejectRequest, Reclaim = reclaim };
        return new JsonRpc(handler);
    }
}
