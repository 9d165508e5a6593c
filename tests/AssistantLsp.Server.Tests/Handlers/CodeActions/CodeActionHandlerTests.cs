using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.CodeActions;

/// <summary>Code actions: listed without the model, resolved by real generated models that answer a known script.</summary>
public class CodeActionHandlerTests
{
    private const string Uri = "file:///workspace/calc.py";
    private const string Code = "def add(a, b):\n    return a+b\n";
    private const string Reasoning = "Spaces around the operator read better.";

    private static object Range(int startLine, int startChar, int endLine, int endChar) => new
    {
        start = new { line = startLine, character = startChar },
        end = new { line = endLine, character = endChar },
    };

    private static object ListParams(object? diagnostics = null) => new
    {
        textDocument = new { uri = Uri },
        range = Range(1, 0, 1, 16),
        context = new { diagnostics = diagnostics ?? Array.Empty<object>(), triggerKind = 1 },
    };

    private static async Task<JArray> ListAsync(LspTestClient client, object? diagnostics = null) =>
        await client.RequestAsync<JArray>("textDocument/codeAction", ListParams(diagnostics));

    private static JObject Titled(JArray actions, string title) =>
        (JObject)actions.Single(a => ((string?)a["title"])!.StartsWith(title, StringComparison.Ordinal));

    private static async Task<LspTestClient> StartAsync(string answer)
    {
        var client = await ReadyServer.StartAsync(ReadyServer.LongScripted($"<think>\n{Reasoning}\n</think>\n\n{answer}", 2048), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, Code, "python");
        return client;
    }

    [Fact]
    public async Task Listing_needs_no_model_and_offers_fixes_first_then_selection_actions()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");
        var diagnostic = new { range = Range(1, 4, 1, 10), severity = 1, message = "undefined name 'b'" };

        var actions = await ListAsync(client, new[] { diagnostic });

        var titles = actions.Select(a => (string?)a["title"]).ToList();
        Assert.Equal(["Fix: undefined name 'b'", "Add documentation comment", "Simplify selection", "Refactor selection", "Generate unit tests", "Explain selection"], titles);
        var fix = (JObject)actions[0];
        Assert.Equal("quickfix", (string?)fix["kind"]);
        Assert.True((bool)fix["isPreferred"]!);
        Assert.Equal("undefined name 'b'", (string?)fix["diagnostics"]![0]!["message"]);
        Assert.Equal("fix", (string?)fix["data"]!["kind"]);
        Assert.Equal(1, (int)fix["data"]!["version"]!);
        Assert.All(actions, a => Assert.Null(a["edit"]));
        Assert.Equal("assistantLsp.server.explainSelection", (string?)actions.Last()["command"]!["command"]);
    }

    [Fact]
    public async Task A_cursor_without_selection_offers_the_actions_for_the_enclosing_function_in_the_lightbulb()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");

        var actions = await client.RequestAsync<JArray>("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = Range(1, 6, 1, 6),
            context = new { diagnostics = Array.Empty<object>() },
        });

        Assert.Equal(["Add documentation comment", "Simplify this block", "Refactor this block", "Generate unit tests"], actions.Select(a => (string?)a["title"]));
        // quickfix / refactor.* kinds are what editors list in the lightbulb; source.* is not.
        Assert.All(actions, a => Assert.StartsWith("refactor.", (string?)a["kind"], StringComparison.Ordinal));
        var range = actions[0]["data"]!["range"]!;
        Assert.Equal((0, 0, 1, 14), ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!));
    }

    [Fact]
    public async Task A_cursor_outside_any_block_without_diagnostics_offers_nothing()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, "x = 1\ny = 2\n", "python");

        var actions = await client.RequestAsync<JArray>("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = Range(1, 2, 1, 2),
            context = new { diagnostics = Array.Empty<object>() },
        });

        Assert.Empty(actions);
    }

    [Theory]
    [InlineData("Add documentation comment")]
    [InlineData("Simplify selection")]
    [InlineData("Refactor selection")]
    public async Task Resolving_an_edit_action_gives_the_minimal_edit_and_keeps_the_reasoning_out_of_it(string title)
    {
        await using var client = await StartAsync("Use spaces.\n\n```python\n    return a + b\n```");
        var action = Titled(await ListAsync(client), title);

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        var edits = (JArray)resolved["edit"]!["changes"]![Uri]!;
        var edit = Assert.Single(edits);
        Assert.Equal(1, (int)edit["range"]!["start"]!["line"]!);
        Assert.Equal("    return a + b", (string?)edit["newText"]);
        Assert.DoesNotContain(Reasoning, resolved["edit"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("assistantLsp.server.showReasoning", (string?)resolved["command"]!["command"]);
        Assert.Equal(Reasoning, ((string?)resolved["command"]!["arguments"]![0]!["reasoning"])!.Trim());
        Assert.Equal(Reasoning, ((string?)resolved["data"]!["reasoning"])!.Trim());
        Assert.Null(resolved["disabled"]);
    }

    [Fact]
    public async Task Resolving_a_fix_edits_the_selection()
    {
        await using var client = await StartAsync("```python\n    return a + b\n```");
        var diagnostic = new { range = Range(1, 4, 1, 10), severity = 2, message = "missing whitespace around operator" };
        var action = Titled(await ListAsync(client, new[] { diagnostic }), "Fix:");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        Assert.Equal("    return a + b", (string?)resolved["edit"]!["changes"]![Uri]![0]!["newText"]);
    }

    [Fact]
    public async Task Generating_tests_creates_a_sibling_test_file()
    {
        await using var client = await StartAsync("```python\nfrom calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n```");
        var action = Titled(await ListAsync(client), "Generate unit tests");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        var changes = (JArray)resolved["edit"]!["documentChanges"]!;
        Assert.Equal("create", (string?)changes[0]["kind"]);
        Assert.Equal("file:///workspace/test_calc.py", (string?)changes[0]["uri"]);
        Assert.Equal("file:///workspace/test_calc.py", (string?)changes[1]["textDocument"]!["uri"]);
        Assert.Equal("from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n", (string?)changes[1]["edits"]![0]!["newText"]);
    }

    [Theory]
    [InlineData("There is nothing to change here.", "no fenced code block")]
    [InlineData("```python\n    return a + b\n", "not closed")]
    [InlineData("```python\n    return a+b\n```", "same as the selection")]
    [InlineData("```python\n    return a + b\n```\nor\n```python\n    return b + a\n```", "2 code blocks")]
    public async Task Unusable_model_output_resolves_with_no_edit_and_a_clear_message(string answer, string expected)
    {
        await using var client = await StartAsync(answer);
        var action = Titled(await ListAsync(client), "Simplify selection");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        Assert.Null(resolved["edit"]);
        Assert.Contains(expected, (string?)resolved["disabled"]!["reason"], StringComparison.Ordinal);
        await client.WaitUntilAsync(() => client.Messages.Any(m => m.ToString().Contains(expected, StringComparison.Ordinal)), "a warning message");
    }

    [Fact]
    public async Task Only_reasoning_resolves_with_no_edit()
    {
        await using var client = await ReadyServer.StartAsync(ReadyServer.LongScripted($"<think>\n{Reasoning}\n```python\nx\n```", 2048), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, Code, "python");
        var action = Titled(await ListAsync(client), "Simplify selection");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        Assert.Null(resolved["edit"]);
        Assert.Contains("only reasoning", (string?)resolved["disabled"]!["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_changed_since_listing_answers_content_modified()
    {
        await using var client = await StartAsync("```python\n    return a + b\n```");
        var action = Titled(await ListAsync(client), "Simplify selection");
        await client.ChangeAsync(Uri, 2, new { text = Code + "# more\n" });

        var ex = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JObject>("codeAction/resolve", action));

        Assert.Equal(LspErrorCodes.ContentModified, ex.ErrorCode);
    }

    [Fact]
    public async Task Capabilities_announce_resolvable_code_actions()
    {
        await using var client = LspTestClient.Start();
        var init = await client.InitializeAsync();

        Assert.True((bool)init.SelectToken("capabilities.codeActionProvider.resolveProvider")!);
    }
}
