using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.CodeActions;

/// <summary>Code actions given hostile or awkward input (issue 15): every case answers, none is an internal error.</summary>
public class CodeActionRobustnessTests
{
    private const string Uri = "file:///workspace/calc.py";
    private const string Code = "def add(a, b):\n    return a+b\n";

    private static object Range(int startLine, int startChar, int endLine, int endChar) => new
    {
        start = new { line = startLine, character = startChar },
        end = new { line = endLine, character = endChar },
    };

    private static Task<JArray> ListAsync(LspTestClient client, object range, object diagnostics, string uri = Uri) =>
        client.RequestAsync<JArray>("textDocument/codeAction", new { textDocument = new { uri }, range, context = new { diagnostics } });

    private static JObject Titled(JArray actions, string title) =>
        (JObject)actions.Single(a => ((string?)a["title"])!.StartsWith(title, StringComparison.Ordinal));

    private static async Task<LspTestClient> StartAsync(string answer, string uri = Uri, string code = Code)
    {
        var client = await ReadyServer.StartAsync(ReadyServer.LongScripted($"<think>\nok\n</think>\n\n{answer}", 2048), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(uri, code, "python");
        return client;
    }

    public static TheoryData<string, string> BadDiagnostics => new()
    {
        { """[{"range":{"start":{"line":1,"character":4},"end":{"line":1,"character":10}}}]""", "params.context.diagnostics[0].message" },
        { """[{"message":"undefined"}]""", "params.context.diagnostics[0].range" },
        { """[null]""", "params.context.diagnostics[0]" },
        { """[{"range":{"start":{"line":1,"character":4}},"message":"x"}]""", "params.context.diagnostics[0].range.end" },
    };

    [Theory]
    [MemberData(nameof(BadDiagnostics))]
    public async Task A_diagnostic_without_its_range_or_message_is_invalid_params_naming_the_field(string diagnostics, string field)
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");

        // StreamJsonRpc surfaces -32602 as RemoteMethodNotFoundException; the code on the wire is what counts.
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => ListAsync(client, Range(1, 0, 1, 14), JArray.Parse(diagnostics)));

        Assert.Equal(LspErrorCodes.InvalidParams, (int)error.ErrorCode);
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_with_a_broken_range_or_diagnostic_in_its_data_never_fails_internally()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");

        // Data that is not ours (no range end) comes back unchanged.
        var foreign = JObject.FromObject(new { title = "Simplify selection", data = new { kind = "simplify", uri = Uri, range = new { start = new { line = 0, character = 0 } }, version = 1 } });
        var unchanged = await client.RequestAsync<JObject>("codeAction/resolve", foreign);
        Assert.True(JToken.DeepEquals(foreign, unchanged), unchanged.ToString());

        // A diagnostic without its message is named.
        var broken = JObject.FromObject(new { title = "Fix: x", data = new { kind = "fix", uri = Uri, range = Range(1, 0, 1, 14), version = 1, diagnostic = new { range = Range(1, 0, 1, 14) } } });
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync<JObject>("codeAction/resolve", broken));
        Assert.Equal(LspErrorCodes.InvalidParams, (int)error.ErrorCode);
        Assert.Contains("'params.data.diagnostic.message'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_checks_its_diagnostics_the_same_way()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");

        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync<JObject>(
            "assistant/explain", new { textDocument = new { uri = Uri }, range = Range(1, 0, 1, 14), diagnostics = new object?[] { null } }));

        Assert.Equal(LspErrorCodes.InvalidParams, (int)error.ErrorCode);
        Assert.Contains("'params.diagnostics[0]'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_inside_a_surrogate_pair_resolves_on_the_character_boundary()
    {
        const string emoji = "x = '😀😀'\n";
        await using var client = await StartAsync("```python\nx = 'ok'\n```", code: emoji);
        var action = Titled(await ListAsync(client, Range(0, 6, 0, 8), Array.Empty<object>()), "Simplify selection");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        // Characters 6 and 8 fall between the halves of an emoji: no edit may start or end there.
        var edit = Assert.Single((JArray)resolved["edit"]!["changes"]![Uri]!);
        Assert.DoesNotContain((int)edit["range"]!["start"]!["character"]!, new[] { 6, 8 });
        Assert.DoesNotContain((int)edit["range"]!["end"]!["character"]!, new[] { 6, 8 });
    }

    [Fact]
    public async Task A_fix_at_a_bare_cursor_replaces_the_diagnostic_lines_instead_of_inserting_at_the_cursor()
    {
        await using var client = await StartAsync("```python\n    return a + b\n```");
        var diagnostic = new { range = Range(1, 11, 1, 14), severity = 2, message = "missing whitespace around operator" };
        var action = Titled(await ListAsync(client, Range(1, 12, 1, 12), new[] { diagnostic }), "Fix:");

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        var edit = Assert.Single((JArray)resolved["edit"]!["changes"]![Uri]!);
        Assert.True(JToken.DeepEquals(JObject.FromObject(Range(1, 0, 1, 14)), edit["range"]), edit.ToString());
        Assert.Equal("    return a + b", (string?)edit["newText"]);
    }

    [Fact]
    public async Task Resolve_records_the_total_time_apart_from_the_time_to_first_token()
    {
        await using var client = await StartAsync("```python\n    return a + b\n```");
        var action = Titled(await ListAsync(client, Range(1, 0, 1, 14), Array.Empty<object>()), "Simplify selection");

        await client.RequestAsync<JObject>("codeAction/resolve", action);

        var stats = client.Host.Models.Reasoning.Status.LastGeneration!;
        Assert.True(stats.Total > stats.TimeToFirstToken, $"total {stats.Total} vs first token {stats.TimeToFirstToken}");
    }

    [Fact]
    public async Task A_selection_too_large_for_the_model_fails_with_a_message_for_the_user()
    {
        var big = string.Concat(Enumerable.Range(0, 300).Select(i => $"value_{i} = compute({i}) + other_{i}\n"));
        await using var client = await StartAsync("```python\nx\n```", code: big);
        var action = Titled(await ListAsync(client, Range(0, 0, 300, 0), Array.Empty<object>()), "Refactor selection");

        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JObject>("codeAction/resolve", action));

        Assert.Equal(LspErrorCodes.RequestFailed, error.ErrorCode);
        Assert.Contains("select less code", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tests_for_a_document_outside_the_workspace_are_refused_not_written_beside_it()
    {
        const string outside = "file:///elsewhere/calc.py";
        await using var client = await StartAsync("```python\ndef test_add():\n    assert True\n```", outside);
        var action = Titled(await ListAsync(client, Range(0, 0, 1, 14), Array.Empty<object>(), outside), "Generate unit tests");
        Assert.Contains("workspace folder", (string?)action["disabled"]?["reason"], StringComparison.Ordinal);

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        Assert.Null(resolved["edit"]);
        Assert.Contains("workspace folder", (string?)resolved["disabled"]!["reason"], StringComparison.Ordinal);
        Assert.Null(client.Host.Models.Reasoning.Status.LastGeneration); // refused before any model call
    }

    [Fact]
    public async Task Tests_for_a_document_inside_the_workspace_are_still_offered()
    {
        await using var client = await StartAsync("```python\ndef test_add():\n    assert True\n```");
        var action = Titled(await ListAsync(client, Range(0, 0, 1, 14), Array.Empty<object>()), "Generate unit tests");
        Assert.Null(action["disabled"]);

        var resolved = await client.RequestAsync<JObject>("codeAction/resolve", action);

        Assert.Equal("file:///workspace/test_calc.py", (string?)resolved["edit"]!["documentChanges"]![0]!["uri"]);
    }
}
