using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.Inference.Tests.Scheduling;

namespace AssistantLsp.Inference.Tests.Reasoning;

/// <summary>Orchestration only (parser, budget, events, stats) over the scripted fake; the real engine is tested elsewhere.</summary>
public sealed class ScheduledReasoningTests : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly ReasoningOptions s_greedy = new() { Temperature = 0, MaxThinkingTokens = 100, MaxAnswerTokens = 50 };

    private readonly ScriptedFakeEngine _engine = new();
    private readonly GenerationScheduler _scheduler;
    private readonly ScheduledReasoning _generator;

    public ScheduledReasoningTests()
    {
        _scheduler = new GenerationScheduler(_engine);
        _generator = new ScheduledReasoning(_scheduler);
    }

    public async ValueTask DisposeAsync() => await _scheduler.DisposeAsync();

    [Fact]
    public async Task Reports_reasoning_then_answer_in_order_and_returns_both()
    {
        _engine.AddScript(["Okay", ", the", " user", " asks", ".\n", "</thi", "nk>", "\n\n", "Use", " a", " loop", "."]);
        var events = new List<ThinkSegment>();

        var result = await _generator.GenerateAsync(new ReasoningRequest("Q", s_greedy), events.Add, CancellationToken.None);

        Assert.Equal("Okay, the user asks.", result.Reasoning);
        Assert.Equal("Use a loop.", result.Answer);
        Assert.Equal(result.Reasoning, string.Concat(events.Where(e => e.Kind == ThinkSegmentKind.Reasoning).Select(e => e.Text)));
        Assert.Equal(result.Answer, string.Concat(events.Where(e => e.Kind == ThinkSegmentKind.Answer).Select(e => e.Text)));
        var firstAnswer = events.FindIndex(e => e.Kind == ThinkSegmentKind.Answer);
        Assert.True(firstAnswer > 0);
        Assert.All(events.Skip(firstAnswer), e => Assert.Equal(ThinkSegmentKind.Answer, e.Kind));
        Assert.True(events.Count >= 6, "text arrives token by token, not in one piece");
        Assert.True(result.ReasoningClosed);
        Assert.False(result.ThinkingBudgetExhausted);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(7, result.Stats.ReasoningTokens); // the split closing tag counts as reasoning
        Assert.Equal(5, result.Stats.AnswerTokens);
        Assert.Single(_engine.Requests);
    }

    [Fact]
    public async Task Sends_the_r1_prompt_opened_with_a_think_tag_and_the_requested_sampling()
    {
        _engine.AddScript(["a", "</think>", "b"]);
        var options = new ReasoningOptions { Temperature = 0.6f, TopP = 0.9f, Seed = 7, MaxThinkingTokens = 30, MaxAnswerTokens = 20 };

        var result = await _generator.GenerateAsync(new ReasoningRequest("Explain x.", options), null, CancellationToken.None);

        var request = Assert.Single(_engine.Requests);
        var promptText = _engine.Decode(request.PromptTokens);
        Assert.Equal($"{ScriptedFakeEngine.Bos}{ScriptedFakeEngine.User}Explain x.{ScriptedFakeEngine.Assistant}<think>\n", promptText);
        Assert.Equal(0.6f, request.Options.Temperature);
        Assert.Equal(0.9f, request.Options.TopP);
        Assert.Equal(7, request.Options.Seed);
        Assert.Equal(50, request.Options.MaxNewTokens);
        Assert.Equal(request.PromptTokens.Count, result.Stats.PromptTokens);
    }

    [Fact]
    public async Task Closes_the_think_block_when_the_budget_runs_out_and_continues_with_the_answer()
    {
        _engine.AddScript(["Let", " me", " see", " more", " and", " more"]);
        _engine.AddScript(["Final", " answer", "."]);
        var options = s_greedy with { MaxThinkingTokens = 3, MaxAnswerTokens = 10 };
        var events = new List<ThinkSegment>();

        var result = await _generator.GenerateAsync(new ReasoningRequest("Q", options), events.Add, CancellationToken.None);

        Assert.Equal(2, _engine.Requests.Count);
        var thinking = _engine.Requests[0];
        var answering = _engine.Requests[1];
        int[] generated = [_engine.IdOf("Let"), _engine.IdOf(" me"), _engine.IdOf(" see")];
        Assert.Equal([.. thinking.PromptTokens, .. generated, .. _engine.Encode("\n</think>\n\n")], answering.PromptTokens);
        Assert.EndsWith("<think>\nLet me see\n</think>\n\n", _engine.Decode(answering.PromptTokens), StringComparison.Ordinal);
        Assert.Equal(13, thinking.Options.MaxNewTokens);
        Assert.Equal(10, answering.Options.MaxNewTokens);
        Assert.Equal("Let me see", result.Reasoning);
        Assert.Equal("Final answer.", result.Answer);
        Assert.True(result.ThinkingBudgetExhausted);
        Assert.True(result.ReasoningClosed);
        Assert.Equal(3, result.Stats.ReasoningTokens);
        Assert.Equal(3, result.Stats.AnswerTokens);
        Assert.Equal(ThinkSegmentKind.Answer, events[^1].Kind);
        Assert.All(events.TakeWhile(e => e.Kind == ThinkSegmentKind.Reasoning), e => Assert.DoesNotContain("Final", e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zero_budget_prefills_an_empty_think_block()
    {
        _engine.AddScript(["Just", " this"]);

        var result = await _generator.GenerateAsync(
            new ReasoningRequest("Q", s_greedy with { MaxThinkingTokens = 0 }), null, CancellationToken.None);

        var request = Assert.Single(_engine.Requests);
        Assert.EndsWith($"{ScriptedFakeEngine.Assistant}<think>\n\n</think>\n\n", _engine.Decode(request.PromptTokens), StringComparison.Ordinal);
        Assert.Equal("", result.Reasoning);
        Assert.Equal("Just this", result.Answer);
        Assert.Equal(0, result.Stats.ReasoningTokens);
    }

    [Fact]
    public async Task Output_that_never_closes_its_think_block_is_all_reasoning()
    {
        _engine.AddScript(["Hmm", ",", " maybe", "\n"]);

        var result = await _generator.GenerateAsync(new ReasoningRequest("Q", s_greedy), null, CancellationToken.None);

        Assert.Equal("Hmm, maybe", result.Reasoning);
        Assert.Equal("", result.Answer);
        Assert.False(result.ReasoningClosed);
        Assert.False(result.ThinkingBudgetExhausted);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Single(_engine.Requests);
    }

    [Fact]
    public async Task Special_tokens_never_reach_the_text()
    {
        _engine.AddSpecial("<|unknown_special|>");
        _engine.ReportsEndOfSequenceToken = true;
        _engine.AddScript(["<think>", "\n", "Plan", "<|unknown_special|>", "</think>", "\n\n", "Do", " it", ScriptedFakeEngine.User]);

        var result = await _generator.GenerateAsync(new ReasoningRequest("Q", s_greedy), null, CancellationToken.None);

        Assert.Equal("Plan", result.Reasoning);
        Assert.Equal("Do it", result.Answer);
    }

    [Fact]
    public async Task Stops_at_the_answer_budget()
    {
        _engine.AddScript(["r", "</think>", "one", " two", " three", " four"]);

        var result = await _generator.GenerateAsync(
            new ReasoningRequest("Q", s_greedy with { MaxAnswerTokens = 2 }), null, CancellationToken.None);

        Assert.Equal("one two", result.Answer);
        Assert.Equal(2, result.Stats.AnswerTokens);
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
    }

    [Fact]
    public async Task Stats_take_the_first_token_time_of_the_thinking_and_the_decode_speed_of_both_phases()
    {
        _engine.FirstTokenLatency = TimeSpan.FromMilliseconds(40);
        _engine.TokenLatency = TimeSpan.FromMilliseconds(10);
        _engine.AddScript(["a", " b", " c", " d", " e"]);
        _engine.AddScript(["x", " y", " z"]);

        var result = await _generator.GenerateAsync(
            new ReasoningRequest("Q", s_greedy with { MaxThinkingTokens = 5 }), null, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMilliseconds(40), result.Stats.TimeToFirstToken);
        Assert.Equal(100, result.Stats.TokensPerSecond, precision: 6); // (4 + 2) decoded tokens over 60 ms
    }

    [Fact]
    public async Task Streams_text_events_then_the_result()
    {
        _engine.AddScript(["Think", "</think>", "Say"]);

        var events = new List<ReasoningEvent>();
        await foreach (var item in _generator.StreamAsync(new ReasoningRequest("Q", s_greedy), CancellationToken.None))
        {
            events.Add(item);
        }

        Assert.Equal(
            [
                new ReasoningTextEvent(new ThinkSegment(ThinkSegmentKind.Reasoning, "Think")),
                new ReasoningTextEvent(new ThinkSegment(ThinkSegmentKind.Answer, "Say")),
            ],
            events.Take(2));
        var completed = Assert.IsType<ReasoningCompletedEvent>(events[^1]);
        Assert.Equal(("Think", "Say"), (completed.Result.Reasoning, completed.Result.Answer));
        Assert.Equal(3, events.Count);
    }

    [Fact]
    public async Task Leaving_the_stream_early_cancels_the_generation()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.AddScript(["one", " two", " three"]);
        var step = 0;
        _engine.BeforeToken = async ct =>
        {
            if (Interlocked.Increment(ref step) == 2)
            {
                try
                {
                    await gate.Task.WaitAsync(ct); // held until the consumer leaves
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }
        };

        await foreach (var item in _generator.StreamAsync(new ReasoningRequest("Q", s_greedy), CancellationToken.None))
        {
            Assert.Equal(new ReasoningTextEvent(new ThinkSegment(ThinkSegmentKind.Reasoning, "one")), item);
            break;
        }

        await cancelled.Task.WaitAsync(s_timeout);
        Assert.Equal(0, _scheduler.QueuedCount);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_ends_the_generation()
    {
        using var cts = new CancellationTokenSource();
        var firstToken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _engine.AddScript(["a", "b", "c"]);
        _engine.BeforeToken = async ct =>
        {
            if (!firstToken.Task.IsCompleted)
            {
                firstToken.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };

        var generation = _generator.GenerateAsync(new ReasoningRequest("Q", s_greedy), null, cts.Token);
        await firstToken.Task.WaitAsync(s_timeout);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Runs_directly_on_an_engine_without_a_scheduler()
    {
        using var engine = new ScriptedFakeEngine(["x", "</think>", "y"]);

        var result = await EngineReasoningRun.RunAsync(engine, new ReasoningRequest("Q", s_greedy), null, CancellationToken.None);

        Assert.Equal(("x", "y"), (result.Reasoning, result.Answer));
    }

    [Theory]
    [InlineData(-1, 10, 0.6f, 0.95f)]
    [InlineData(10, 0, 0.6f, 0.95f)]
    [InlineData(10, 10, -0.1f, 0.95f)]
    [InlineData(10, 10, float.NaN, 0.95f)]
    [InlineData(10, 10, 0.6f, 0f)]
    [InlineData(10, 10, 0.6f, 1.5f)]
    public async Task Rejects_options_no_generation_can_use(int thinking, int answer, float temperature, float topP)
    {
        var options = new ReasoningOptions { MaxThinkingTokens = thinking, MaxAnswerTokens = answer, Temperature = temperature, TopP = topP };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _generator.GenerateAsync(new ReasoningRequest("Q", options), null, CancellationToken.None));
        Assert.Empty(_engine.Requests);
    }
}
