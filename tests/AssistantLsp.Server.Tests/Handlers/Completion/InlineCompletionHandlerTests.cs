using AssistantLsp.Protocol;
using AssistantLsp.Server.Handlers.Completion;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.Completion;

/// <summary>textDocument/inlineCompletion and textDocument/completion through the real transport, real engine, scripted models.</summary>
public class InlineCompletionHandlerTests
{
    private const string Uri = "file:///workspace/Calc.cs";
    private const string Code = "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    internal static Task<LspTestClient> StartReadyAsync(string model, object? initializationOptions = null) =>
        ReadyServer.StartAsync(model, initializationOptions);

    private static Task<JObject> InlineAsync(LspTestClient client, string uri, int line, int character, object? selected = null, CancellationToken cancellationToken = default) =>
        client.RequestAsync<JObject>(
            "textDocument/inlineCompletion",
            new
            {
                textDocument = new { uri },
                position = new { line, character },
                context = new { triggerKind = 2, selectedCompletionInfo = selected },
            },
            cancellationToken);

    private static JObject Range(int startLine, int startChar, int endLine, int endChar) =>
        JObject.FromObject(new { start = new { line = startLine, character = startChar }, end = new { line = endLine, character = endChar } });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fim_and_r1_models_answer_with_the_code_an_empty_range_at_the_cursor_and_the_accept_command(bool withFim)
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return a + b;", withFim));
        await client.OpenAsync(Uri, Code);
        var result = await InlineAsync(client, Uri, 4, 8);
        var item = (JObject)result["items"]![0]!;
        Assert.Equal("return a + b;", (string?)item["insertText"]);
        Assert.True(JToken.DeepEquals(Range(4, 8, 4, 8), item["range"]), item["range"]!.ToString());
        Assert.Equal(CompletionAcceptedCommand.CommandName, (string?)item.SelectToken("command.command"));
    }

    [Fact]
    public async Task Reasoning_text_before_the_code_never_reaches_the_editor()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("<think>\nadd them up</think>\n\nreturn a + b;", withFimTokens: false));
        await client.OpenAsync(Uri, Code);
        var result = await InlineAsync(client, Uri, 4, 8);
        Assert.Equal("return a + b;", (string?)result.SelectToken("items[0].insertText"));
    }

    [Fact]
    public async Task Range_counts_utf16_units_past_emoji_and_crlf_and_extends_the_selected_item()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("tal = 1;"));
        // Line 1: "var 😀x = to" — the emoji is two UTF-16 units, so "to" spans characters 10..12.
        await client.OpenAsync(Uri, "// ☕ 😀\r\nvar 😀x = to\r\n");
        var plain = await InlineAsync(client, Uri, 1, 12);
        Assert.True(JToken.DeepEquals(Range(1, 12, 1, 12), plain.SelectToken("items[0].range")), plain.ToString());
        Assert.Equal("tal = 1;", (string?)plain.SelectToken("items[0].insertText"));

        var selected = new { range = Range(1, 10, 1, 12), text = "total" };
        var extended = await InlineAsync(client, Uri, 1, 12, selected);
        Assert.Equal("total = 1;", (string?)extended.SelectToken("items[0].insertText"));
        Assert.True(JToken.DeepEquals(Range(1, 10, 1, 12), extended.SelectToken("items[0].range")), extended.ToString());
    }

    [Fact]
    public async Task Same_place_and_type_ahead_are_answered_without_a_model_call_and_acceptance_is_counted()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return a + b;"));
        await client.OpenAsync(Uri, Code);
        await InlineAsync(client, Uri, 4, 8);
        var again = await InlineAsync(client, Uri, 4, 8);
        Assert.Equal("return a + b;", (string?)again.SelectToken("items[0].insertText"));

        await client.ChangeAsync(Uri, 2, new { range = Range(4, 8, 4, 8), text = "ret" });
        var ahead = await InlineAsync(client, Uri, 4, 11);
        Assert.Equal("urn a + b;", (string?)ahead.SelectToken("items[0].insertText"));
        Assert.Equal("TypeAhead", (string?)ahead.SelectToken("items[0].command.arguments[1]"));

        var command = (JObject)ahead.SelectToken("items[0].command")!;
        await client.RequestAsync<JToken>("workspace/executeCommand", new { command = command["command"], arguments = command["arguments"] });

        var stats = client.Host.Completion.Stats;
        Assert.Equal(1, stats.ModelCalls);
        Assert.Equal(1, stats.CacheHits);
        Assert.Equal(1, stats.TypeAheadHits);
        Assert.Equal(1, stats.Accepted);
    }

    [Fact]
    public async Task A_second_request_for_the_same_document_cancels_the_first()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return a + b;"));
        await client.OpenAsync(Uri, Code);

        // Other work holds the engine, so the first request is still queued when the second arrives.
        var scheduler = (await client.Host.Models.ForCompletion.AcquireAsync(Wait, CancellationToken.None)).Scheduler;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = scheduler.RunAsync(Inference.Scheduling.GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var first = InlineAsync(client, Uri, 4, 8);
        await client.WaitUntilAsync(() => scheduler.QueuedCount == 1, "first request queued");
        // An edit away from the first request's cursor (typing at it would keep its generation for the second).
        await client.ChangeAsync(Uri, 2, new { range = Range(0, 0, 0, 0), text = "// c\n" });
        var second = InlineAsync(client, Uri, 5, 8);

        // The server cancelled it itself: ServerCancelled (-32802); -32800 is kept for the client's own $/cancelRequest.
        Assert.Equal(LspErrorCodes.ServerCancelled, (await Assert.ThrowsAsync<RemoteInvocationException>(() => first)).ErrorCode);
        release.SetResult();
        await blocker;
        Assert.Equal("return a + b;", (string?)(await second).SelectToken("items[0].insertText"));
        Assert.Equal(1, client.Host.Completion.Stats.ModelCalls);
    }

    [Fact]
    public async Task An_edit_of_the_document_cancels_its_stale_request()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return a + b;"));
        await client.OpenAsync(Uri, Code);
        var scheduler = (await client.Host.Models.ForCompletion.AcquireAsync(Wait, CancellationToken.None)).Scheduler;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = scheduler.RunAsync(Inference.Scheduling.GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var stale = InlineAsync(client, Uri, 4, 8);
        await client.WaitUntilAsync(() => scheduler.QueuedCount == 1, "request queued");

        // No new completion request: the edit alone must cancel the stale one (an edit away from its
        // cursor; typing at the cursor keeps the generation for the next request).
        await client.ChangeAsync(Uri, 2, new { range = Range(0, 0, 0, 0), text = "x" });
        Assert.Equal(LspErrorCodes.ServerCancelled, (await Assert.ThrowsAsync<RemoteInvocationException>(() => stale)).ErrorCode);
        Assert.Equal(0, scheduler.QueuedCount);
        release.SetResult();
        await blocker;
        Assert.Equal(0, client.Host.Completion.Stats.ModelCalls);
    }

    [Fact]
    public async Task Unopened_and_oversize_documents_get_clear_errors()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return 0;"), new { document = new { maxKilobytes = 1 } });
        var unopened = await Assert.ThrowsAsync<RemoteInvocationException>(() => InlineAsync(client, "file:///workspace/nope.cs", 0, 0));
        Assert.Equal(LspErrorCodes.RequestFailed, unopened.ErrorCode);
        Assert.Contains("not open", unopened.Message, StringComparison.Ordinal);

        await client.OpenAsync(Uri, new string('x', 4000));
        var big = await Assert.ThrowsAsync<RemoteInvocationException>(() => InlineAsync(client, Uri, 0, 0));
        Assert.Equal(LspErrorCodes.RequestFailed, big.ErrorCode);
        Assert.Contains("document.maxKilobytes", big.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_completion_answers_empty_items()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("return a + b;"), new { completion = new { enabled = false } });
        await client.OpenAsync(Uri, Code);
        var result = await InlineAsync(client, Uri, 4, 8);
        Assert.Empty((JArray)result["items"]!);
        var completion = await client.RequestAsync<JObject>("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 4, character = 8 } });
        Assert.Empty((JArray)completion["items"]!);
    }

    [Fact]
    public async Task No_model_gives_request_failed_with_the_reason_quickly()
    {
        var emptyModels = Directory.CreateTempSubdirectory("models-").FullName;
        await using var client = await LspTestClient.StartInitializedAsync(options: new ServerOptions { ModelsFolder = emptyModels });
        await client.OpenAsync(Uri, Code);
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => InlineAsync(client, Uri, 4, 8));
        Assert.Equal(LspErrorCodes.RequestFailed, error.ErrorCode);
        Assert.Contains("model.path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_completion_returns_one_item_labelled_with_the_first_line()
    {
        await using var client = await StartReadyAsync(TestModels.WriteScripted("var sum = a + b;\n        return sum;"));
        await client.OpenAsync(Uri, Code);
        var result = await client.RequestAsync<JObject>("textDocument/completion", new { textDocument = new { uri = Uri }, position = new { line = 4, character = 8 } });
        var item = (JObject)Assert.Single((JArray)result["items"]!);
        Assert.Equal("var sum = a + b;", (string?)item["label"]);
        Assert.Equal("var sum = a + b;\n        return sum;", (string?)item.SelectToken("textEdit.newText"));
        Assert.Equal("var sum = a + b;\n        return sum;", (string?)item["insertText"]);
    }

    [Fact]
    public async Task Capabilities_advertise_inline_completion_completion_and_the_accept_command()
    {
        await using var client = LspTestClient.Start();
        var init = await client.InitializeAsync();
        Assert.NotNull(init.SelectToken("capabilities.inlineCompletionProvider"));
        Assert.NotNull(init.SelectToken("capabilities.completionProvider"));
        Assert.Contains(CompletionAcceptedCommand.CommandName, init.SelectToken("capabilities.executeCommandProvider.commands")!.Values<string>());
    }

    [Fact]
    public async Task Real_binary_with_a_scripted_model_answers_an_inline_completion()
    {
        var model = TestModels.WriteScripted("return a + b;");
        using var server = ServerProcess.Start("--stdio", "--model", model, "--log", Path.Combine(TestTemp.Root, $"assistant-lsp-test-{Guid.NewGuid():N}.log"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""");
        await server.ResponseAsync(1, Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        var open = new JObject
        {
            ["jsonrpc"] = "2.0",
            ["method"] = "textDocument/didOpen",
            ["params"] = JObject.FromObject(new { textDocument = new { uri = Uri, languageId = "csharp", version = 1, text = Code } }),
        };
        await server.SendAsync(open.ToString(Newtonsoft.Json.Formatting.None));
        JObject? response = null;
        for (var id = 2; id < 40 && response?["result"] is null; id++)
        {
            var request = JObject.FromObject(new
            {
                jsonrpc = "2.0",
                id,
                method = "textDocument/inlineCompletion",
                @params = new { textDocument = new { uri = Uri }, position = new { line = 4, character = 8 }, context = new { triggerKind = 1 } },
            });
            await server.SendAsync(request.ToString(Newtonsoft.Json.Formatting.None));
            response = await server.ResponseAsync(id, Wait);
        }

        Assert.Equal("return a + b;", (string?)response?.SelectToken("result.items[0].insertText"));
        await server.SendAsync("""{"jsonrpc":"2.0","id":100,"method":"shutdown"}""");
        await server.ResponseAsync(100, Wait);
        await server.SendAsync("""{"jsonrpc":"2.0","method":"exit"}""");
        Assert.True(server.WaitForExit(Wait));
    }
}
