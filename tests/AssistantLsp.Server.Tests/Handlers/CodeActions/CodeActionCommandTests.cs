using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.CodeActions;

/// <summary>
/// The commands code actions carry are served by the server (workspace/executeCommand), so an
/// editor without the VS Code extension (neovim) can run them unchanged.
/// </summary>
public class CodeActionCommandTests
{
    private const string Uri = "file:///workspace/calc.py";
    private const string Reasoning = "It adds the two numbers.";

    private static object Range(int startLine, int startChar, int endLine, int endChar) => new
    {
        start = new { line = startLine, character = startChar },
        end = new { line = endLine, character = endChar },
    };

    [Fact]
    public async Task Commands_are_declared_in_the_capabilities()
    {
        await using var client = LspTestClient.Start();
        var result = await client.InitializeAsync();
        var commands = result.SelectToken("capabilities.executeCommandProvider.commands")!.Values<string>().ToList();
        Assert.Contains("assistantLsp.server.explainSelection", commands);
        Assert.Contains("assistantLsp.server.showReasoning", commands);
        Assert.Contains("assistantLsp.completionAccepted", commands);
    }

    [Fact]
    public async Task Explain_selection_command_shows_the_answer_and_logs_the_reasoning()
    {
        await using var client = await ReadyServer.StartAsync(
            ReadyServer.LongScripted($"<think>\n{Reasoning}\n</think>\n\nReturns a plus b.", 2048), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, "def add(a, b):\n    return a+b\n", "python");
        var actions = await client.RequestAsync<JArray>("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = Range(0, 0, 1, 16),
            context = new { diagnostics = Array.Empty<object>() },
        });
        var command = (JObject)actions.Last()["command"]!;

        var result = await client.RequestAsync<JObject>("workspace/executeCommand", new { command = (string?)command["command"], arguments = command["arguments"] });

        Assert.Equal("Returns a plus b.", (string?)result["answer"]);
        Assert.Equal(Reasoning, (string?)result["reasoning"]);
        await client.WaitUntilAsync(() => client.Messages.Any(m => (string?)m["message"] == "Returns a plus b."), "the answer as a message");
        await client.WaitUntilAsync(() => client.LogMessages.Any(m => ((string?)m["message"])!.Contains(Reasoning, StringComparison.Ordinal)), "the reasoning in the log");
        Assert.DoesNotContain(client.Messages, m => ((string?)m["message"])!.Contains(Reasoning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_reasoning_command_shows_the_reasoning()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        await client.RequestAsync<JToken>("workspace/executeCommand", new
        {
            command = "assistantLsp.server.showReasoning",
            arguments = new[] { new { title = "Simplify selection", reasoning = "Fewer branches." } },
        });
        await client.WaitUntilAsync(() => client.Messages.Any(m => ((string?)m["message"])!.Contains("Fewer branches.", StringComparison.Ordinal)), "the reasoning message");
    }

    [Theory]
    [InlineData("assistantLsp.server.showReasoning", "[]")]
    [InlineData("assistantLsp.server.explainSelection", "[{\"uri\":\"file:///x\"}]")]
    [InlineData("assistantLsp.server.explainSelection", "[1]")]
    [InlineData("no.such.command", "[]")]
    public async Task Bad_arguments_or_unknown_commands_are_invalid_params(string command, string arguments)
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        // StreamJsonRpc surfaces -32602 as RemoteMethodNotFoundException; the code on the wire is what counts.
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() =>
            client.RequestAsync<JToken>("workspace/executeCommand", new { command, arguments = JArray.Parse(arguments) }));
        Assert.Equal(LspErrorCodes.InvalidParams, (int)error.ErrorCode);
    }
}
