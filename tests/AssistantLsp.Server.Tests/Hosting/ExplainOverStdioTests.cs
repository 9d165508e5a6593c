using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Hosting;

/// <summary>`assistant/explain` from the real binary over its real stdio, with a generated scripted model.</summary>
public class ExplainOverStdioTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_binary_streams_an_explanation_as_progress_before_its_result()
    {
        var model = TestModels.WriteScripted("<think>\nIt doubles x.\n</think>\n\nReturns twice x.");
        using var server = ServerProcess.Start("--stdio", "--model", model);
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{},"initializationOptions":{"reasoning":{"temperature":0}}}}""");
        await server.ResponseAsync(1, Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        await server.SendAsync("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/d.py","languageId":"python","version":1,"text":"def d(x):\n    return 2 * x\n"}}}""");
        var id = 2;
        var deadline = DateTime.UtcNow + Wait;
        while ((string?)(await StatusAsync(server, id++))["result"]!["state"] != "ready")
        {
            Assert.True(DateTime.UtcNow < deadline, "the model did not load; stderr:\n" + server.Stderr);
            await Task.Delay(50);
        }

        await server.SendAsync("""{"jsonrpc":"2.0","id":"explain","method":"assistant/explain","params":{"textDocument":{"uri":"file:///w/d.py"},"range":{"start":{"line":0,"character":0},"end":{"line":1,"character":16}},"partialResultToken":"p"}}""");
        var streamed = new List<JToken>();
        JObject response;
        while (true)
        {
            var message = await server.ReceiveAsync(Wait);
            if ((string?)message["method"] == "$/progress")
            {
                Assert.Equal("p", (string?)message["params"]!["token"]);
                streamed.Add(message["params"]!["value"]!);
            }
            else if ((string?)message["id"] == "explain")
            {
                response = message;
                break;
            }
        }

        Assert.Equal("It doubles x.", string.Concat(streamed.Where(v => (string?)v["kind"] == "reasoning").Select(v => (string?)v["text"])).Trim());
        Assert.Equal("Returns twice x.", string.Concat(streamed.Where(v => (string?)v["kind"] == "answer").Select(v => (string?)v["text"])).Trim());
        Assert.Equal("Returns twice x.", ((string?)response["result"]!["answer"])!.Trim());
    }

    private static async Task<JObject> StatusAsync(ServerProcess server, int id)
    {
        await server.SendAsync(new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "assistant/status", ["params"] = new JObject() }.ToString(Newtonsoft.Json.Formatting.None));
        return await server.ResponseAsync(id, Wait);
    }
}
