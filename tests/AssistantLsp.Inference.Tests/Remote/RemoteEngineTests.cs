using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Remote;
using AssistantLsp.ModelWriting;
using AssistantLsp.Tests.Remote;

namespace AssistantLsp.Inference.Tests.Remote;

/// <summary>
/// The remote engine against the OpenAI stand-in, whose tokens come from the real GenAI engine on
/// a scripted test model: the same reasoning, answer and completion text as the local engine gives.
/// </summary>
public sealed class RemoteEngineTests : IDisposable
{
    private const string Script = "I check the sum of a and b.\n</think>\n\nIt adds a and b.";
    private static readonly RemoteEngineOptions Quick = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ResponseTimeout = TimeSpan.FromSeconds(10),
        IdleStreamTimeout = TimeSpan.FromSeconds(10),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    private static readonly ReasoningOptions Greedy = new() { Temperature = 0, MaxThinkingTokens = 200, MaxAnswerTokens = 100 };

    private readonly OnnxGenAiEngine _local = TestModels.Load(TestModels.Write(TestModelSpec.Scripted(Script), "scripted"));

    public void Dispose() => _local.Dispose();

    private static RemoteEndpoint EndpointOf(OpenAiStandIn standIn, string? model = OpenAiStandIn.ModelName, string keyVariable = "ASSISTANT_LSP_TEST_UNSET_KEY") =>
        new(Normalized(standIn.BaseUrl), model, keyVariable);

    private static Uri Normalized(Uri url)
    {
        Assert.True(RemoteEndpoint.TryParseBaseUrl(url.ToString(), out var parsed, out _));
        return parsed!;
    }

    [Theory]
    [InlineData(OpenAiDialect.ReasoningContent)]
    [InlineData(OpenAiDialect.OllamaReasoning)]
    [InlineData(OpenAiDialect.ThinkTagsInContent)]
    public async Task Explain_streams_the_same_reasoning_and_answer_as_the_local_engine(OpenAiDialect dialect)
    {
        var request = new ReasoningRequest("What does add do?", Greedy);
        var localSegments = new List<ThinkSegment>();
        var local = await EngineReasoningRun.RunAsync(_local, request, localSegments.Add, CancellationToken.None);

        await using var standIn = await OpenAiStandIn.StartAsync(_local, dialect);
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);
        var segments = new List<ThinkSegment>();
        var result = await EngineReasoningRun.RunAsync(remote, request, segments.Add, CancellationToken.None);

        Assert.Equal("I check the sum of a and b.", result.Reasoning);
        Assert.Equal("It adds a and b.", result.Answer);
        Assert.Equal(local.Reasoning, result.Reasoning);
        Assert.Equal(local.Answer, result.Answer);
        Assert.True(result.ReasoningClosed);
        Assert.False(result.ThinkingBudgetExhausted);
        Assert.Equal(Kinds(localSegments), Kinds(segments));
        Assert.True(result.Stats.ReasoningTokens > 1 && result.Stats.AnswerTokens > 1);
        Assert.Equal(local.Stats.PromptTokens, result.Stats.PromptTokens); // from the usage chunk: the server's own count

        var chat = standIn.Requests.Single(r => r.Path == "/v1/chat/completions");
        Assert.Equal("What does add do?", (string?)chat.Body!["messages"]![0]!["content"]);
        Assert.True((bool)chat.Body["stream"]!);
        Assert.Null(chat.Authorization);
    }

    private static string Kinds(List<ThinkSegment> segments) =>
        string.Join(",", segments.Select(s => s.Kind).Distinct());

    [Fact]
    public async Task Exhausted_thinking_budget_continues_the_assistant_turn_with_the_closing_tag()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);

        var result = await EngineReasoningRun.RunAsync(remote, new ReasoningRequest("Q", Greedy with { MaxThinkingTokens = 3 }), null, CancellationToken.None);

        Assert.True(result.ThinkingBudgetExhausted);
        Assert.Equal(3, result.Stats.ReasoningTokens);
        Assert.NotEmpty(result.Answer);
        var requests = standIn.Requests.Where(r => r.Path == "/v1/chat/completions").ToList();
        Assert.Equal(2, requests.Count);
        var second = requests[1].Body!;
        Assert.True((bool)second["continue_final_message"]!);
        var assistant = second["messages"]!.Last!;
        Assert.Equal("assistant", (string?)assistant["role"]);
        var content = (string)assistant["content"]!;
        Assert.StartsWith("<think>\n" + result.Reasoning[..5], content, StringComparison.Ordinal);
        Assert.EndsWith("\n</think>\n\n", content, StringComparison.Ordinal);

        // The stand-in (like vLLM) reports the continuation as reasoning: the engine reads it as answer.
        Assert.StartsWith("I check", result.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fim_prompt_goes_to_completions_as_text_when_tokenize_shows_fim_tokens()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);
        var fim = remote.Model.Tokens.Fim!;
        Assert.NotNull(fim);
        Assert.Equal(_local.Model.Tokens.Fim!.Style, fim.Style);
        Assert.Equal(_local.Model.Tokens.Fim!.StopTexts, fim.StopTexts);
        var prompt = $"{fim.Prefix}def add(a, b):\n    return {fim.Suffix}\n{fim.Middle}";
        var options = new GenerationOptions { MaxNewTokens = 12 };

        var expected = await _local.GenerateAsync(new GenerationRequest(_local.Encode(prompt), options), null, CancellationToken.None);
        var pieces = new List<string>();
        var result = await remote.GenerateAsync(new GenerationRequest(remote.Encode(prompt), options), t => { pieces.Add(t.Text); return TokenDecision.Continue; }, CancellationToken.None);

        Assert.Equal(expected.Text, result.Text);
        Assert.Equal(expected.Text, string.Concat(pieces));
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(prompt, remote.Decode(remote.Encode(prompt)));
        var sent = standIn.Requests.Single(r => r.Path == "/v1/completions").Body!;
        Assert.Equal(prompt, (string?)sent["prompt"]);
        Assert.Equal(12, (int)sent["max_tokens"]!);
    }

    [Fact]
    public async Task Without_tokenize_there_are_no_fim_tokens_and_a_skip_thinking_prompt_is_a_chat_turn()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.OllamaReasoning, serveTokenize: false);
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);
        Assert.Null(remote.Model.Tokens.Fim);

        var prompt = R1PromptBuilder.Build(remote, "Complete the code.", R1ThinkingMode.SkipThinking).Text;
        var result = await remote.GenerateAsync(new GenerationRequest(remote.Encode(prompt), new GenerationOptions { MaxNewTokens = 50 }), null, CancellationToken.None);

        // After a closed think block every field is answer text, passed through as the server sent it
        // (the scripted model closes a block again; the stand-in's parser, like vLLM's, drops that tag).
        Assert.Equal(Script.Replace("</think>", "", StringComparison.Ordinal), result.Text);
        var body = standIn.Requests.Single(r => r.Path == "/v1/chat/completions").Body!;
        Assert.Equal("<think>\n\n</think>\n\n", (string?)body["messages"]![1]!["content"]);
    }

    [Fact]
    public async Task Cancelling_mid_stream_disconnects_and_the_stand_in_sees_it()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        // Hold the stream open after the first chunk so the cancellation lands mid-stream.
        standIn.Fault = async exchange =>
        {
            if (exchange.Path != "/v1/chat/completions")
            {
                return false;
            }

            await exchange.WriteAsync("data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm\"}}]}\n\n");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), exchange.Aborted);
            }
            catch (OperationCanceledException)
            {
                standIn.RecordDisconnect();
            }

            return true;
        };
        var first = new TaskCompletionSource();
        var run = EngineReasoningRun.RunAsync(remote, new ReasoningRequest("Q", Greedy), _ => first.TrySetResult(), cancel.Token);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await WaitUntilAsync(() => Volatile.Read(ref standIn.Disconnects) == 1, "the stand-in to see the disconnect");
        Assert.Null(remote.Problem); // a cancellation is not a server failure
    }

    [Fact]
    public async Task Stopping_from_the_callback_aborts_the_real_generation()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ThinkTagsInContent);
        standIn.TokenDelay = TimeSpan.FromMilliseconds(100); // a server still decoding when the client leaves
        using var remote = RemoteEngine.Connect(EndpointOf(standIn), Quick, CancellationToken.None);
        int seen = 0;

        var result = await remote.GenerateAsync(
            new GenerationRequest(remote.Encode("plain text prompt"), new GenerationOptions { MaxNewTokens = 200 }),
            _ => ++seen == 2 ? TokenDecision.Stop : TokenDecision.Continue,
            CancellationToken.None);

        Assert.Equal(StopReason.Requested, result.StopReason);
        Assert.Equal(2, result.TokenIds.Count);
        await standIn.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Api_key_from_the_named_variable_is_sent_only_as_a_bearer_header()
    {
        var variable = "ASSISTANT_LSP_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string Key = "sk-test-7f3a-secret";
        Environment.SetEnvironmentVariable(variable, Key);
        try
        {
            await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
            standIn.Fault = async exchange =>
            {
                if (exchange.Path == "/v1/chat/completions")
                {
                    await exchange.RespondAsync(500, "{\"error\":{\"message\":\"boom\"}}");
                    return true;
                }

                return false;
            };
            using var remote = RemoteEngine.Connect(EndpointOf(standIn, keyVariable: variable), Quick, CancellationToken.None);
            var failure = await Assert.ThrowsAsync<RemoteEngineException>(
                () => EngineReasoningRun.RunAsync(remote, new ReasoningRequest("Q", Greedy), null, CancellationToken.None));

            Assert.NotEmpty(standIn.Requests);
            Assert.All(standIn.Requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
            Assert.All(standIn.Requests, r => Assert.DoesNotContain(Key, r.Body?.ToString() ?? string.Empty, StringComparison.Ordinal));
            Assert.DoesNotContain(Key, failure.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Key, remote.Problem ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, remote.Summary ?? string.Empty, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }
}
