using System.Diagnostics;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Remote;
using AssistantLsp.ModelWriting;
using AssistantLsp.Tests.Remote;

namespace AssistantLsp.Inference.Tests.Remote;

/// <summary>
/// Token counts for prompt budgets come from the server's <c>/tokenize</c> (the stand-in answers
/// with the real tokenizer of its local model), fall back to the character estimate when the route
/// is missing or slow, and a request's first-token timeout fails it fast without marking the server down.
/// </summary>
public sealed class RemoteBudgetAndTimeoutTests : IDisposable
{
    private const string Script = "I check the sum of a and b.\n</think>\n\nIt adds a and b.";

    private static readonly RemoteEngineOptions Patient = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        ResponseTimeout = TimeSpan.FromSeconds(20),
        IdleStreamTimeout = TimeSpan.FromSeconds(20),
        TokenizeWait = TimeSpan.FromSeconds(10),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    private readonly OnnxGenAiEngine _local = TestModels.Load(TestModels.Write(TestModelSpec.Scripted(Script), "scripted"));

    public void Dispose() => _local.Dispose();

    private static RemoteEngine Connect(OpenAiStandIn standIn, RemoteEngineOptions options)
    {
        Assert.True(RemoteEndpoint.TryParseBaseUrl(standIn.BaseUrl.ToString(), out var url, out _));
        return RemoteEngine.Connect(new RemoteEndpoint(url!, OpenAiStandIn.ModelName, "ASSISTANT_LSP_TEST_UNSET_KEY"), options, CancellationToken.None);
    }

    private static int TokenizeRequests(OpenAiStandIn standIn) => standIn.Requests.Count(r => r.Path == "/tokenize");

    [Fact]
    public async Task Counts_are_the_servers_tokens_and_cached_per_text()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = Connect(standIn, Patient);
        const string text = "I check the sum of a and b.";
        var serverCount = _local.Encode(text).Count;
        Assert.True(serverCount < text.Length, $"the test model should merge its script text ({serverCount} tokens for {text.Length} characters)");

        Assert.True(remote.CountsServerTokens);
        var before = TokenizeRequests(standIn);
        Assert.Equal(serverCount, remote.CountTokens(text));
        Assert.Equal(serverCount, remote.CountTokens(text));
        Assert.Equal(before + 1, TokenizeRequests(standIn));
        Assert.Equal(0, remote.CountTokens(string.Empty));

        // Request ids still round-trip text one per character: only budgets use the server's count.
        Assert.Equal(text.Length, remote.Encode(text).Count);
        Assert.Equal(text, remote.Decode(remote.Encode(text)));
        var sent = standIn.Requests.Last(r => r.Path == "/tokenize").Body!;
        Assert.Equal(text, (string?)sent["prompt"]);
        Assert.Equal(text, (string?)sent["content"]);
        Assert.False((bool)sent["add_special_tokens"]!);
    }

    [Fact]
    public async Task Without_tokenize_counts_are_the_character_estimate_and_no_request_is_sent()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.OllamaReasoning, serveTokenize: false);
        using var remote = Connect(standIn, Patient);
        var before = TokenizeRequests(standIn);

        Assert.False(remote.CountsServerTokens);
        Assert.Equal("I check the sum of a and b.".Length, remote.CountTokens("I check the sum of a and b."));
        Assert.Equal("héllo 世界".Length, remote.CountTokens("héllo 世界"));
        Assert.Equal(before, TokenizeRequests(standIn));
    }

    [Fact]
    public async Task Slow_tokenize_never_stalls_counting_and_its_answers_arrive_for_later_counts()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = Connect(standIn, Patient with { TokenizeWait = TimeSpan.FromMilliseconds(100) });
        standIn.Fault = async exchange =>
        {
            if (exchange.Path == "/tokenize")
            {
                await Task.Delay(TimeSpan.FromSeconds(2), exchange.Aborted);
            }

            return false; // then the normal answer
        };
        var lines = Enumerable.Range(0, 40).Select(i => $"I check the sum of a and b. ({i})").ToList();

        // Each line waiting for its 2 s answer would take 80 s; the wait budget is 100 ms per second.
        var clock = Stopwatch.StartNew();
        var counts = lines.Select(remote.CountTokens).ToList();
        clock.Stop();
        Assert.Equal(lines.Select(l => l.Length), counts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"counting 40 lines took {clock.Elapsed.TotalMilliseconds:0} ms");

        var exact = _local.Encode(lines[0]).Count;
        var deadline = Stopwatch.StartNew();
        while (remote.CountTokens(lines[0]) != exact && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal(exact, remote.CountTokens(lines[0]));
    }

    [Fact]
    public async Task First_token_timeout_fails_a_completion_fast_while_explain_waits_for_the_same_busy_server()
    {
        await using var standIn = await OpenAiStandIn.StartAsync(_local, OpenAiDialect.ReasoningContent);
        using var remote = Connect(standIn, Patient);
        standIn.Fault = async exchange =>
        {
            if (exchange.Path.EndsWith("completions", StringComparison.Ordinal))
            {
                // A busy server: the answer starts only after 3 s.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(3), exchange.Aborted);
                }
                catch (OperationCanceledException)
                {
                    standIn.RecordDisconnect();
                    return true;
                }
            }

            return false;
        };
        var fim = remote.Model.Tokens.Fim!;
        var prompt = $"{fim.Prefix}def add(a, b):\n    return {fim.Suffix}\n{fim.Middle}";
        var options = new GenerationOptions { MaxNewTokens = 8, FirstTokenTimeout = TimeSpan.FromMilliseconds(300) };

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<RemoteEngineException>(
            () => remote.GenerateAsync(new GenerationRequest(remote.Encode(prompt), options), null, CancellationToken.None));
        clock.Stop();

        Assert.Equal(RemoteFailureKind.Timeout, failure.Kind);
        Assert.Contains("sent no token within 0.3 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains(standIn.BaseUrl.Host, failure.Message, StringComparison.Ordinal);
        // Failing at all shows the deadline fired before the 3 s stall ended (the answer would have come then).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the completion failed after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Null(remote.Problem); // busy is not down: explain is not held back
        await standIn.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));

        var greedy = new ReasoningOptions { Temperature = 0, MaxThinkingTokens = 200, MaxAnswerTokens = 100 };
        var explain = await EngineReasoningRun.RunAsync(remote, new ReasoningRequest("What does add do?", greedy), null, CancellationToken.None);
        Assert.Equal("It adds a and b.", explain.Answer);
        Assert.Null(remote.Problem);
    }
}
