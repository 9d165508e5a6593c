using System.Net;
using System.Net.Sockets;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Remote;
using AssistantLsp.Server.Hosting;
using AssistantLsp.Server.Tests.TestSupport;
using AssistantLsp.Tests.Remote;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Models;

/// <summary>
/// The whole server on a remote engine (the OpenAI stand-in, its tokens from the real GenAI engine
/// on a scripted model): explain, inline completion and code actions answer as they do on the same
/// model loaded locally; status shows remote; failures show as an error and recover.
/// </summary>
public sealed class RemoteEngineServerTests
{
    private const string PyUri = "file:///workspace/calc.py";
    private const string PyCode = "def add(a, b):\n    return a+b\n";

    private static readonly RemoteEngineOptions Quick = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        IdleStreamTimeout = TimeSpan.FromSeconds(10),
    };

    private static object RemoteSettings(OpenAiStandIn standIn, object? completion = null) => new
    {
        model = new { endpoint = standIn.BaseUrl.ToString(), endpointModel = OpenAiStandIn.ModelName },
        completion,
        reasoning = new { temperature = 0 },
    };

    private static async Task<LspTestClient> StartRemoteAsync(object settings)
    {
        var client = await LspTestClient.StartInitializedAsync(settings, options: new ServerOptions
        {
            ModelsFolder = Directory.CreateTempSubdirectory("models-").FullName,
            Remote = Quick,
        });
        await client.WaitUntilAsync(() => State(client) is "ready" or "error", "the remote engine to connect");
        return client;
    }

    private static JObject Status(LspTestClient client) => client.RequestAsync<JObject>("assistant/status", null).GetAwaiter().GetResult();

    private static string? State(LspTestClient client) => (string?)Status(client)["state"];

    private static object ExplainParams(string token) => new
    {
        textDocument = new { uri = PyUri },
        range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
        question = "what does it return?",
        partialResultToken = token,
    };

    private static async Task<(JObject Result, string Streamed)> ExplainAsync(LspTestClient client)
    {
        await client.OpenAsync(PyUri, PyCode, "python");
        var result = await client.RequestAsync<JObject>("assistant/explain", ExplainParams("t"));
        var expected = (string?)result["reasoning"] + (string?)result["answer"];
        string Streamed() => string.Join("|", client.Progress.Where(p => (string?)p.Token == "t").Select(p => $"{p.Value["kind"]}:{p.Value["text"]}"));
        await client.WaitUntilAsync(() => string.Concat(client.Progress.Where(p => (string?)p.Token == "t").Select(p => (string?)p.Value["text"])).Length >= expected.Length, "the stream");
        return (result, Streamed());
    }

    [Theory]
    [InlineData(OpenAiDialect.ReasoningContent)]
    [InlineData(OpenAiDialect.OllamaReasoning)]
    [InlineData(OpenAiDialect.ThinkTagsInContent)]
    public async Task Explain_streams_reasoning_then_answer_as_with_the_local_model(OpenAiDialect dialect)
    {
        var model = TestModels.WriteScripted("It adds two numbers.\n</think>\n\nReturns a plus b.");
        using var engine = OnnxGenAiEngine.Load(model, "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, dialect);
        await using var remote = await StartRemoteAsync(RemoteSettings(standIn));
        var status = Status(remote);
        Assert.Equal("ready", (string?)status["state"]);
        Assert.Equal("remote", (string?)status["executionProvider"]);
        Assert.Contains(OpenAiStandIn.ModelName, (string?)status["model"], StringComparison.Ordinal);
        Assert.Contains("latency", (string?)status["message"], StringComparison.Ordinal);

        var (result, streamed) = await ExplainAsync(remote);

        Assert.Equal("It adds two numbers.", ((string?)result["reasoning"])!.Trim());
        Assert.Equal("Returns a plus b.", ((string?)result["answer"])!.Trim());
        Assert.Matches("^(reasoning:[^|]*\\|)+answer:.*$", streamed);

        // The same model loaded locally streams the same text in the same kinds.
        engine.Dispose();
        await using var local = await ReadyServer.StartAsync(model, new { reasoning = new { temperature = 0 } });
        var (localResult, _) = await ExplainAsync(local);
        Assert.Equal((string?)localResult["reasoning"], (string?)result["reasoning"]);
        Assert.Equal((string?)localResult["answer"], (string?)result["answer"]);

        var after = Status(remote);
        Assert.True((double)after["stats"]!["tokensPerSecond"]! >= 0);
        Assert.True((int)after["stats"]!["generatedTokens"]! > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Inline_completion_answers_like_the_local_model_over_fim_or_chat(bool serveTokenize)
    {
        const string Uri = "file:///workspace/Calc.cs";
        const string Code = "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n";
        var model = TestModels.WriteScripted("return a + b;");
        using var engine = OnnxGenAiEngine.Load(model, "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent, serveTokenize);
        await using var remote = await StartRemoteAsync(RemoteSettings(standIn));
        await remote.OpenAsync(Uri, Code);

        var result = await remote.RequestAsync<JObject>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = Uri },
            position = new { line = 4, character = 8 },
            context = new { triggerKind = 2 },
        });

        Assert.Equal("return a + b;", (string?)result.SelectToken("items[0].insertText"));
        var request = standIn.Requests.Last(r => r.Path.EndsWith("completions", StringComparison.Ordinal));
        Assert.Equal(serveTokenize ? "/v1/completions" : "/v1/chat/completions", request.Path);
        if (serveTokenize)
        {
            Assert.StartsWith("<|fim_prefix|>", (string?)request.Body!["prompt"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_remote_completion_model_serves_completion_beside_a_local_reasoning_model()
    {
        const string Uri = "file:///workspace/Calc.cs";
        var local = TestModels.WriteScripted("It adds.\n</think>\n\nSum.");
        using var engine = OnnxGenAiEngine.Load(TestModels.WriteScripted("return a + b;"), "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent);
        await using var client = await StartRemoteAsync(new
        {
            model = new { path = local },
            completion = new { model = new { endpoint = standIn.BaseUrl.ToString(), endpointModel = OpenAiStandIn.ModelName } },
        });
        await client.WaitUntilAsync(() => (string?)Status(client)["completion"]?["state"] == "ready", "the remote completion model");
        var status = Status(client);
        Assert.Equal("cpu", (string?)status["executionProvider"]);
        Assert.Equal("remote", (string?)status["completion"]!["executionProvider"]);
        await client.OpenAsync(Uri, "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n");

        var result = await client.RequestAsync<JObject>("textDocument/inlineCompletion", new
        {
            textDocument = new { uri = Uri },
            position = new { line = 4, character = 8 },
            context = new { triggerKind = 2 },
        });

        Assert.Equal("return a + b;", (string?)result.SelectToken("items[0].insertText"));
        Assert.Contains(standIn.Requests, r => r.Path == "/v1/completions");
    }

    [Fact]
    public async Task Code_action_resolves_to_the_minimal_edit_with_the_reasoning_kept_out()
    {
        const string Reasoning = "Spaces around the operator read better.";
        var model = ReadyServer.LongScripted($"{Reasoning}\n</think>\n\nUse spaces.\n\n```python\n    return a + b\n```", 2048);
        using var engine = OnnxGenAiEngine.Load(model, "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent);
        await using var remote = await StartRemoteAsync(RemoteSettings(standIn));
        await remote.OpenAsync(PyUri, PyCode, "python");
        var actions = await remote.RequestAsync<JArray>("textDocument/codeAction", new
        {
            textDocument = new { uri = PyUri },
            range = new { start = new { line = 1, character = 0 }, end = new { line = 1, character = 16 } },
            context = new { diagnostics = Array.Empty<object>(), triggerKind = 1 },
        });
        var action = actions.Single(a => (string?)a["title"] == "Simplify selection");

        var resolved = await remote.RequestAsync<JObject>("codeAction/resolve", action);

        var edit = Assert.Single((JArray)resolved["edit"]!["changes"]![PyUri]!);
        Assert.Equal("    return a + b", (string?)edit["newText"]);
        Assert.DoesNotContain(Reasoning, resolved["edit"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(Reasoning, ((string?)resolved["data"]!["reasoning"])!.Trim());
    }

    [Fact]
    public async Task Cancelling_explain_over_lsp_disconnects_from_the_server()
    {
        // Distinct numbers: the test tokenizer's merges cannot fold them into a few long tokens.
        var longThought = string.Join(' ', Enumerable.Range(0, 400).Select(i => (i * 7919 % 100003).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var engine = OnnxGenAiEngine.Load(ReadyServer.LongScripted(longThought + "\n</think>\n\nDone.", 8192), "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent);
        standIn.TokenDelay = TimeSpan.FromMilliseconds(20);
        await using var remote = await StartRemoteAsync(RemoteSettings(standIn));
        await remote.OpenAsync(PyUri, PyCode, "python");
        using var cancel = new CancellationTokenSource();

        var explain = remote.Rpc.InvokeWithParameterObjectAsync<JObject>("assistant/explain", ExplainParams("c"), cancel.Token);
        await remote.WaitUntilAsync(() => remote.Progress.Any(p => (string?)p.Token == "c"), "the first streamed reasoning");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => explain);
        await standIn.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Unreachable_server_is_an_error_status_naming_the_endpoint_then_ready_when_it_comes_up()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var url = $"http://127.0.0.1:{port}/v1";
        await using var remote = await StartRemoteAsync(new { model = new { endpoint = url, endpointModel = OpenAiStandIn.ModelName } });
        var status = Status(remote);
        Assert.Equal("error", (string?)status["state"]);
        Assert.Equal("remote", (string?)status["executionProvider"]);
        Assert.Contains($"127.0.0.1:{port}/v1", (string?)status["message"], StringComparison.Ordinal);
        await remote.OpenAsync(PyUri, PyCode, "python");
        var failure = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(() => remote.RequestAsync<JObject>("assistant/explain", ExplainParams("u")));
        Assert.Contains($"127.0.0.1:{port}", failure.Message, StringComparison.Ordinal);
        Assert.Equal(AssistantLsp.Protocol.LspErrorCodes.RequestFailed, failure.ErrorCode);

        using var engine = OnnxGenAiEngine.Load(TestModels.WriteScripted("Up.\n</think>\n\nBack."), "cpu");
        await using var standIn = await OpenAiStandIn.StartAsync(engine, OpenAiDialect.ReasoningContent, port: port);
        await remote.WaitUntilAsync(() => State(remote) == "ready", "the status to recover");
        Assert.Contains(remote.StatusChanges, s => (string?)s["state"] == "ready");
        var (result, _) = await ExplainAsync(remote);
        Assert.Equal("Back.", ((string?)result["answer"])!.Trim());
    }

    [Fact]
    public async Task Path_and_endpoint_together_warn_and_the_local_path_is_used()
    {
        var model = TestModels.WriteScripted("return x;");
        await using var client = await ReadyServer.StartAsync(null, new { model = new { path = model, endpoint = "http://127.0.0.1:9/v1" } });

        await client.WaitUntilAsync(() => client.Messages.Any(m => ((string?)m["message"])!.Contains("model.endpoint", StringComparison.Ordinal)), "the warning");
        await client.WaitUntilAsync(() => State(client) is "ready", "the local model");
        Assert.Equal("cpu", (string?)Status(client)["executionProvider"]);
    }

    [Fact]
    public async Task Bad_endpoint_values_warn_naming_the_key()
    {
        await using var client = await ReadyServer.StartAsync(null, new { model = new { endpoint = "gpu-box:8000", apiKeyVariable = "sk-123 secret" } });

        await client.WaitUntilAsync(() => client.Messages.Count >= 2, "two warnings");
        var messages = string.Join("\n", client.Messages.Select(m => (string?)m["message"]));
        Assert.Contains("assistantLsp.model.endpoint", messages, StringComparison.Ordinal);
        Assert.Contains("assistantLsp.model.apiKeyVariable", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-123", messages, StringComparison.Ordinal); // a pasted key is never echoed
    }
}
