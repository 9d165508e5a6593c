using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>completion.model.path: a fast FIM model answers inline completion; the reasoning model keeps explain.</summary>
public class CompletionModelRoleTests
{
    private const string Uri = "file:///workspace/calc.py";

    [Fact]
    public async Task Separate_completion_model_serves_completion_and_the_reasoning_model_explains()
    {
        var reasoning = ReadyServer.LongScripted("Thinking.\n</think>\n\nFrom the reasoning model.", 2048);
        var completion = TestModels.WriteScripted("return a + b", withFimTokens: true);
        await using var client = await ReadyServer.StartAsync(reasoning, new { completion = new { model = new { path = completion } } });
        await client.WaitUntilAsync(
            () => (string?)client.RequestAsync<JObject>("assistant/status", null).GetAwaiter().GetResult().SelectToken("completion.state") == "ready",
            "the completion model to load");
        var status = await client.RequestAsync<JObject>("assistant/status", null);
        Assert.Equal(reasoning, (string?)status["model"]);
        Assert.Equal(completion, (string?)status.SelectToken("completion.model"));

        await client.OpenAsync(Uri, "def add(a, b):\n    \n", "python");
        var inline = await client.RequestAsync<JObject>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = Uri },
            position = new { line = 1, character = 4 },
            context = new { triggerKind = 1 },
        });
        Assert.Equal("return a + b", (string?)inline.SelectToken("items[0].insertText"));

        var explained = await client.RequestAsync<JObject>("assistant/explain", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 4 } },
        });
        Assert.Equal("From the reasoning model.", (string?)explained["answer"]);
    }
}
