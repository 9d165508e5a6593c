using System.Text;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Protocol;

/// <summary>
/// Messages of 64 KiB or more take their own parse path (no shared char pool, so their buffers
/// do not outlive them): they must arrive exactly as the normal path delivers them.
/// </summary>
public class LargeMessageParserTests
{
    private const string Uri = "file:///w/big.txt";

    /// <summary>Over the large-message threshold, with what a JSON reader must get right: escapes, non-ASCII, surrogate pairs.</summary>
    private static string BigText()
    {
        var line = "line \"quoted\" \\ tab\t é 😀 中文 end\u2028\n"; // U+2028: JSON-legal, unusual
        var repeats = LargeMessageReclaim.LargeMessageBytes / Encoding.UTF8.GetByteCount(line) + 100;
        return string.Concat(Enumerable.Repeat(line, repeats));
    }

    [Fact]
    public async Task A_document_of_megabytes_arrives_exactly_and_the_server_keeps_serving()
    {
        await using var client = new RawLspClient([new ReadDocumentProbe()]);
        await client.InitializeAsync();
        var text = BigText();
        var open = new JObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "textDocument/didOpen",
            ["params"] = new JObject { ["textDocument"] = new JObject { ["uri"] = Uri, ["languageId"] = "plaintext", ["version"] = 1, ["text"] = text } },
        };
        Assert.True(Encoding.UTF8.GetByteCount(open.ToString()) >= LargeMessageReclaim.LargeMessageBytes);
        await client.SendAsync(open.ToString(Newtonsoft.Json.Formatting.None));

        // A large request (its id must be read on the large path too), then a small one.
        var padded = new JObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = "big-request",
            ["method"] = "test/readDocument",
            ["params"] = new JObject { ["uri"] = Uri, ["padding"] = new string('p', LargeMessageReclaim.LargeMessageBytes) },
        };
        await client.SendAsync(padded.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(text, (string?)(await client.ResponseAsync("big-request"))["result"]);

        await client.SendAsync($$$"""{"jsonrpc":"2.0","id":7,"method":"test/readDocument","params":{"uri":"{{{Uri}}}"}}""");
        Assert.Equal(text, (string?)(await client.ResponseAsync(7))["result"]);
    }

    [Fact]
    public async Task Broken_json_of_megabytes_gets_an_error_and_the_server_keeps_serving()
    {
        await using var client = new RawLspClient([new ReadDocumentProbe()]);
        await client.InitializeAsync();
        // Valid envelope up to the id, then a string that never closes.
        var broken = """{"jsonrpc":"2.0","id":9,"method":"test/readDocument","params":{"uri":"file:///w/x","pad":" """ + new string('z', LargeMessageReclaim.LargeMessageBytes);
        await client.SendAsync(broken);
        var error = await client.MessageAsync(m => m["error"] is not null);
        Assert.Contains((int?)error["error"]?["code"], new int?[] { -32700, -32600 });

        await client.SendAsync("""{"jsonrpc":"2.0","id":10,"method":"test/readDocument","params":{"uri":"file:///w/none"}}""");
        var answer = await client.ResponseAsync(10);
        Assert.Null(answer["error"]);
        Assert.False(client.ServerRun.IsCompleted, "the server stopped");
    }
}
