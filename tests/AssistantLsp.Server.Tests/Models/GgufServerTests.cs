using AssistantLsp.ModelWriting.Gguf;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>
/// GGUF models (llama.cpp engine, chosen from the path) serve the same features through the
/// server as ONNX ones: completion, explain, status, clear load errors.
/// </summary>
public class GgufServerTests
{
    private const string Uri = "file:///workspace/calc.py";
    private const string Code = "def add(a, b):\n    \n";

    private static string ScriptedGguf(string script, bool withFim = true) =>
        TestModels.WriteGguf(GgufTestModelSpec.Scripted(script) with { WithFimTokens = withFim, ContextLength = 2048 });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Inline_completion_on_a_gguf_model_gives_only_the_code(bool withFim)
    {
        var model = ScriptedGguf("<think>\nsum them</think>\n\nreturn a + b", withFim);
        await using var client = await ReadyServer.StartAsync(model);
        Assert.Equal("ready", (string?)(await client.RequestAsync<JObject>("assistant/status", null))["state"]);
        await client.OpenAsync(Uri, Code, "python");

        var result = await client.RequestAsync<JObject>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = Uri },
            position = new { line = 1, character = 4 },
            context = new { triggerKind = 1 },
        });

        Assert.Equal("return a + b", (string?)result.SelectToken("items[0].insertText"));
    }

    [Fact]
    public async Task Explain_on_a_gguf_model_streams_reasoning_then_answer()
    {
        var model = ScriptedGguf("The function adds.\n</think>\n\nIt returns **a + b**.");
        await using var client = await ReadyServer.StartAsync(model, new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, "def add(a, b):\n    return a + b\n", "python");

        var result = await client.RequestAsync<JObject>("assistant/explain", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
            partialResultToken = "gguf-explain",
        });

        Assert.Equal("The function adds.", (string?)result["reasoning"]);
        Assert.Equal("It returns **a + b**.", (string?)result["answer"]);
        await client.WaitUntilAsync(() => client.Progress.Any(p => (string?)p.Value["kind"] == "answer"), "streamed answer");
        var kinds = client.Progress.Where(p => (string?)p.Token == "gguf-explain").Select(p => (string?)p.Value["kind"]).ToList();
        Assert.Equal("reasoning", kinds[0]);
        Assert.True(kinds.LastIndexOf("reasoning") < kinds.IndexOf("answer"), string.Join(",", kinds));
    }

    [Fact]
    public async Task A_corrupt_gguf_file_reports_an_error_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("bad-gguf-").FullName;
        var file = Path.Combine(folder, "model.gguf");
        File.WriteAllText(file, "this is not a gguf file");
        await using var client = await ReadyServer.StartAsync(file);

        var status = await client.RequestAsync<JObject>("assistant/status", null);
        Assert.Equal("error", (string?)status["state"]);
        Assert.Contains("model.gguf", (string?)status["message"], StringComparison.Ordinal);
    }
}
