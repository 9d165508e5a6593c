using System.Diagnostics;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Remote;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Tests.TestSupport;
using AssistantLsp.Tests.Remote;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>
/// Through the real server on a remote engine: completion prompt budgets count the server's tokens
/// (<c>/tokenize</c>) or, without the route, characters; a busy server's completion request is
/// abandoned after <c>completion.maxPromptMs</c> while explain waits for it.
/// </summary>
public sealed class RemoteBudgetServerTests
{
    private const string Uri = "file:///workspace/Calc.cs";
    private const string FirstLine = "// first line\n";

    private static readonly RemoteEngineOptions Options = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        IdleStreamTimeout = TimeSpan.FromSeconds(20),
        TokenizeWait = TimeSpan.FromSeconds(10), // a loaded test machine must not turn exact counts into estimates
    };

    private static async Task<LspTestClient> StartAsync(OpenAiStandIn standIn, object? completion)
    {
        var client = await LspTestClient.StartInitializedAsync(
            new
            {
                model = new { endpoint = standIn.BaseUrl.ToString(), endpointModel = OpenAiStandIn.ModelName },
                completion,
                reasoning = new { temperature = 0 },
            },
            options: new ServerOptions { ModelsFolder = Directory.CreateTempSubdirectory("models-").FullName, Remote = Options });
        await client.WaitUntilAsync(
            () => (string?)client.RequestAsync<JObject>("assistant/status", null).GetAwaiter().GetResult()["state"] is "ready" or "error",
            "the remote engine to connect");
        return client;
    }

    private static object InlineParams(int line) => new
    {
        textDocument = new { uri = Uri },
        position = new { line, character = 0 },
        context = new { triggerKind = 2 },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Completion_budget_keeps_the_document_that_fits_in_server_tokens_but_not_in_characters(bool serveTokenize)
    {
        // The test tokenizer merges its own script's words: those lines take far fewer tokens than characters.
        const string Script = "I check the sum of a and b.";
        const string Line = Script + "\n";
        var document = FirstLine + string.Concat(Enumerable.Repeat(Line, 60));
        using var engine = OnnxGenAiEngine.Load(ReadyServer.LongScripted(Script, 2048), "cpu");
        var serverTokens = engine.Encode(FirstLine).Count + (60 * engine.Encode(Line).Count);
        var budget = serverTokens + 60; // room for the prompt's fixed parts
        Assert.True(budget < document.Length - 100, $"the document must fit by tokens ({serverTokens}) but not by characters ({document.Length})");

        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent, serveTokenize);
        await using var client = await StartAsync(standIn, new { contextTokens = budget, maxTokens = 16 });
        await client.OpenAsync(Uri, document);

        await client.RequestAsync<JObject>("textDocument/inlineCompletion", InlineParams(61));

        // The prompt builder itself: by the server's count the whole document fits; by characters it is cut.
        using var remote = Connect(standIn);
        var built = CompletionPromptBuilderFactory.Create(remote.Model, remote.CountTokens)
            .Build(new CompletionPromptRequest(document, document.Length, "csharp", "Calc.cs") { ContextTokens = budget });
        if (serveTokenize)
        {
            Assert.Equal(0, built.PrefixStartOffset);
            Assert.Contains(FirstLine, built.Text, StringComparison.Ordinal);

            // And the server's completion counted its budget through /tokenize too (the same lines).
            Assert.Contains(standIn.Requests, r => r.Path == "/tokenize" && (string?)r.Body!["prompt"] == Line);
        }
        else
        {
            Assert.True(built.PrefixStartOffset > 0);
            Assert.DoesNotContain(FirstLine, built.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(standIn.Requests, r => r.Path == "/tokenize" && (string?)r.Body!["prompt"] == Line); // only the connect probe
        }
    }

    private static RemoteEngine Connect(OpenAiStandIn standIn)
    {
        Assert.True(RemoteEndpoint.TryParseBaseUrl(standIn.BaseUrl.ToString(), out var url, out _));
        return RemoteEngine.Connect(new RemoteEndpoint(url!, OpenAiStandIn.ModelName, "ASSISTANT_LSP_TEST_UNSET_KEY"), Options, CancellationToken.None);
    }

    [Fact]
    public async Task A_busy_server_is_abandoned_by_completion_after_max_prompt_ms_while_explain_waits()
    {
        var stall = TimeSpan.FromSeconds(6);
        using var engine = OnnxGenAiEngine.Load(ReadyServer.LongScripted("It adds.\n</think>\n\nReturns a plus b.", 2048), "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent);
        await using var client = await StartAsync(standIn, new { maxPromptMs = 1000 });
        await client.OpenAsync(Uri, "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n");
        standIn.Fault = async exchange =>
        {
            if (exchange.Path.EndsWith("completions", StringComparison.Ordinal))
            {
                try
                {
                    await Task.Delay(stall, exchange.Aborted);
                }
                catch (OperationCanceledException)
                {
                    standIn.RecordDisconnect();
                    return true;
                }
            }

            return false;
        };

        var clock = Stopwatch.StartNew();
        string? error = null;
        try
        {
            var answer = await client.RequestAsync<JObject>("textDocument/inlineCompletion", new
            {
                textDocument = new { uri = Uri },
                position = new { line = 4, character = 8 },
                context = new { triggerKind = 2 },
            });
            Assert.Empty((JArray?)answer?["items"] ?? []); // out of time: nothing now
        }
        catch (StreamJsonRpc.RemoteInvocationException ex)
        {
            // The server's request failed first: the error says why.
            Assert.Equal(AssistantLsp.Protocol.LspErrorCodes.RequestFailed, ex.ErrorCode);
            error = ex.Message;
        }

        clock.Stop();
        Assert.True(clock.Elapsed < stall, $"the completion answered after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(error is null || error.Contains("sent no token within 1 s", StringComparison.Ordinal), error);

        // The request to the busy server was abandoned (not left holding the engine for a minute).
        await standIn.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));

        var explain = await client.RequestAsync<JObject>("assistant/explain", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 2, character = 0 }, end = new { line = 5, character = 5 } },
        });
        Assert.Equal("Returns a plus b.", ((string?)explain["answer"])!.Trim());
    }
}
