using AssistantLsp.Features.Context;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Models;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.Completion;

/// <summary>Completion given awkward documents and timing (issue 15), through the real transport and engine.</summary>
public class CompletionRobustnessTests
{
    private const string Uri = "file:///workspace/Calc.cs";
    private const string Code = "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static Task<JObject> InlineAsync(LspTestClient client, string uri, int line, int character) =>
        client.RequestAsync<JObject>(
            "textDocument/inlineCompletion",
            new { textDocument = new { uri }, position = new { line, character }, context = new { triggerKind = 2 } });

    private static Task<JObject> CompletionAsync(LspTestClient client, string uri, int line, int character) =>
        client.RequestAsync<JObject>("textDocument/completion", new { textDocument = new { uri }, position = new { line, character } });

    [Fact]
    public async Task A_position_inside_a_surrogate_pair_answers_at_the_character_boundary()
    {
        const string uri = "file:///workspace/emoji.py";
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("y = 1"));
        await client.OpenAsync(uri, "x = '😀😀'\n", "python");

        var inline = await InlineAsync(client, uri, 0, 6);
        var completion = await CompletionAsync(client, uri, 0, 6);

        // Character 6 splits the first emoji (5..7): answers are placed at its start, never inside it.
        foreach (var range in ((JArray)inline["items"]!).Select(i => i["range"]).Concat(((JArray)completion["items"]!).Select(i => i["textEdit"]!["range"])))
        {
            Assert.Equal(5, (int)range!["end"]!["character"]!);
        }
    }

    [Fact]
    public async Task The_size_limit_counts_utf8_bytes_not_two_per_character()
    {
        const string ascii = "file:///workspace/ascii.cs";
        const string accented = "file:///workspace/accented.cs";
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("return 0;"), new { document = new { maxKilobytes = 600 } });
        await client.OpenAsync(ascii, string.Concat(Enumerable.Repeat(new string('x', 63) + "\n", 520 * 1024 / 64)));
        await client.OpenAsync(accented, new string('é', 310 * 1024)); // two UTF-8 bytes each: 620 KB

        await InlineAsync(client, ascii, 0, 0); // 520 KB: allowed (was refused as "about 1040 KB")
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => InlineAsync(client, accented, 0, 0));

        Assert.Equal(LspErrorCodes.RequestFailed, error.ErrorCode);
        Assert.Contains("about 620 KB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_single_line_document_leaves_only_bounded_chunks_and_none_after_close()
    {
        const string huge = "file:///workspace/dist/bundle.min.js";
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("return a + b;"));
        await client.OpenAsync(Uri, Code);
        var line = string.Concat(Enumerable.Repeat("var a=function(b){return b*2};", 2_000_000 / 30));
        await client.OpenAsync(huge, line, "javascript");
        await client.ChangeAsync(huge, 2, new { range = new { start = new { line = 0, character = 1_000_000 }, end = new { line = 0, character = 1_000_000 } }, text = "x" });
        await client.RequestAsync<JObject>("assistant/status", null); // notifications are applied before a later request

        var chunks = client.Host.Completion.Context.Snapshot().Where(c => c.DocumentUri == huge).ToList();
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= ContextChunk.DefaultMaxCharacters, $"{c.Text.Length} characters kept"));
        Assert.All(chunks, c => Assert.Equal("dist/bundle.min.js", c.Path)); // workspace-relative, never the uri

        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = huge } });
        var result = await InlineAsync(client, Uri, 4, 8);

        Assert.DoesNotContain(client.Host.Completion.Context.Snapshot(), c => c.DocumentUri == huge);
        Assert.Equal("return a + b;", (string?)result.SelectToken("items[0].insertText"));
    }

    [Fact]
    public async Task Closing_a_document_cancels_its_in_flight_request()
    {
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("return a + b;"));
        await client.OpenAsync(Uri, Code);
        var scheduler = (await client.Host.Models.ForCompletion.AcquireAsync(Wait, CancellationToken.None)).Scheduler;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var orphan = InlineAsync(client, Uri, 4, 8);
        await client.WaitUntilAsync(() => scheduler.QueuedCount == 1, "request queued");

        await client.NotifyAsync("textDocument/didClose", new { textDocument = new { uri = Uri } });

        // Well before the client's own 30 s timeout would cancel it.
        Assert.Equal(LspErrorCodes.ServerCancelled, (await Assert.ThrowsAsync<RemoteInvocationException>(() => orphan.WaitAsync(TimeSpan.FromSeconds(10)))).ErrorCode);
        Assert.Equal(0, scheduler.QueuedCount);
        release.SetResult();
        await blocker;
        Assert.Equal(0, client.Host.Completion.Stats.ModelCalls);
    }

    [Fact]
    public async Task An_edit_while_the_request_waits_for_the_model_cancels_it_at_once()
    {
        // The model's load is held until the test lets it go, so the request sits in the model wait.
        using var loadMayFinish = new ManualResetEventSlim();
        var options = new ServerOptions
        {
            ModelPath = TestModels.WriteScripted("return a + b;"),
            ModelsFolder = Directory.CreateTempSubdirectory("models-").FullName,
            LoadEngine = (path, provider, ct) =>
            {
                loadMayFinish.Wait(Wait, ct);
                return EngineFactory.Load(path, provider, ct);
            },
        };
        await using var client = await LspTestClient.StartInitializedAsync(options: options);
        try
        {
            await client.OpenAsync(Uri, Code);
            var waiting = InlineAsync(client, Uri, 4, 8);

            await client.ChangeAsync(Uri, 2, new { range = new { start = new { line = 4, character = 8 }, end = new { line = 4, character = 8 } }, text = "x" });

            // Without the early watch the request waits out the 2 s model wait and fails with "still loading".
            Assert.Equal(LspErrorCodes.ServerCancelled, (await Assert.ThrowsAsync<RemoteInvocationException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(1.5)))).ErrorCode);
        }
        finally
        {
            loadMayFinish.Set();
        }
    }
}
