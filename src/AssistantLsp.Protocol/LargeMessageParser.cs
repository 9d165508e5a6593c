using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace AssistantLsp.Protocol;

/// <summary>
/// Parses a large message (<see cref="LspMessageHandler.UnpooledParseBytes"/> and up) off the
/// shared char pool. StreamJsonRpc's formatter reads through a JsonTextReader that rents its
/// buffers from ArrayPool&lt;char&gt;.Shared; a string token of megabytes grows that buffer to
/// megabytes, and the pool keeps each size it is given back for a minute or more (measured: ~50 MB
/// held after twenty 1–3 MB documents opened and closed; ~30 MB more from the fuzzer's 0.25–2 MB
/// strings). Here the buffers are plain arrays that the next collection frees.
/// </summary>
internal static class LargeMessageParser
{
    public static JsonRpcMessage Deserialize(JsonMessageFormatter formatter, ReadOnlySpan<byte> body)
    {
        var serializer = formatter.JsonSerializer;
        using var text = new StringReader(Encoding.UTF8.GetString(body));
        // No ArrayPool set: the reader allocates plain arrays.
        using var reader = new JsonTextReader(text)
        {
            DateParseHandling = serializer.DateParseHandling,
            DateTimeZoneHandling = serializer.DateTimeZoneHandling,
            FloatParseHandling = serializer.FloatParseHandling,
            MaxDepth = serializer.MaxDepth,
        };
        return formatter.Deserialize(JToken.ReadFrom(reader));
    }
}
