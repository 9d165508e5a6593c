using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Tests.Engine;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>The real llama.cpp engine on GGUF models the project writes.</summary>
public sealed class LlamaCppEngineTests : IDisposable
{
    private static readonly GenerationOptions _greedy = new() { MaxNewTokens = 400 };

    /// <summary>A script long enough that a generation is still running when the test acts on it.</summary>
    private static readonly string _longScript = string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i} "));

    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    public static TheoryData<string> Scripts() =>
    [
        "Hello world",
        "the the the the the the the the",
        "Let me think.\nThe answer is 42.\n</think>\n\nIt is 42.",
        "<think>\nabc abc abc\n</think>\n\nDone.",
        "héllo wörld — 😀 ∑ 日本語 日本語\n\ttabs\tand\r\nnewlines\n",
        "def add(a, b):\n    return a + b\n\n\ndef add(a, b):\n    return a + b\n",
        "x",
        "<｜User｜> is a tag but here it is text",
    ];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Scripted_model_emits_its_script_exactly_then_ends(string script)
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted(script));
        var prompt = engine.Encode("<｜begin▁of▁sentence｜><｜User｜>Say it.<｜Assistant｜><think>\n");
        var streamed = new List<GeneratedToken>();

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, _greedy), t =>
        {
            streamed.Add(t);
            return TokenDecision.Continue;
        }, CancellationToken.None);

        Assert.Equal(script, result.Text);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(script, string.Concat(streamed.Select(t => t.Text)));
        Assert.Equal(result.TokenIds, streamed.Select(t => t.Id));
        Assert.Equal(script, engine.Decode(result.TokenIds));
        Assert.Equal(prompt.Count, result.Stats.PromptTokens);
        Assert.Equal(result.TokenIds.Count, result.Stats.GeneratedTokens);
    }

    [Fact]
    public async Task Scripted_model_starts_its_script_after_any_prompt()
    {
        const string script = "One answer, always.";
        using var engine = _models.Load(GgufTestModelSpec.Scripted(script));

        foreach (var text in new[] { "a", "Hello world", "<｜User｜>", "One answer", script, script + script, "\n\n", "日本" })
        {
            var result = await engine.GenerateAsync(new GenerationRequest(engine.Encode(text), _greedy), null, CancellationToken.None);
            Assert.Equal(script, result.Text);
        }
    }

    [Fact]
    public async Task Kv_prefix_reuse_gives_the_same_greedy_output_as_a_fresh_context()
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 11));
        string[] prompts =
        [
            "<｜User｜>Write a function that adds two numbers.<｜Assistant｜>",
            "<｜User｜>Write a function that adds two numbers and returns the sum.<｜Assistant｜>",
            "<｜User｜>Write a function that adds",
            "<｜User｜>Write a function that adds",
            "Something else entirely, with no shared start.",
            "<｜User｜>Write a function that adds two numbers.<｜Assistant｜>",
        ];
        var options = new GenerationOptions { MaxNewTokens = 24 };
        using var reusing = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var previous = new List<int>();

        foreach (var text in prompts)
        {
            var prompt = reusing.Encode(text);
            var warm = await reusing.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);
            using var fresh = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
            var cold = await fresh.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);

            Assert.Equal(cold.TokenIds, warm.TokenIds);
            Assert.Equal(cold.Text, warm.Text);
            Assert.Equal(0, cold.Stats.ReusedPromptTokens);
            var expectedReuse = Math.Min(TokenPrefix.CommonLength(previous, prompt), prompt.Count - 1);
            Assert.Equal(expectedReuse, warm.Stats.ReusedPromptTokens);

            // What the cache holds now: the prompt and every generated token but the last.
            previous = [.. prompt, .. warm.TokenIds.Take(Math.Max(0, warm.TokenIds.Count - 1))];
        }
    }

    [Fact]
    public async Task Continuing_from_the_previous_output_reuses_prompt_and_generated_tokens()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random(seed: 5));
        var prompt = engine.Encode("<｜User｜>Tell me something.<｜Assistant｜>");
        var first = await engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 10 }), null, CancellationToken.None);
        List<int> continued = [.. prompt, .. first.TokenIds, .. engine.Encode("\nMore:")];

        var second = await engine.GenerateAsync(new GenerationRequest(continued, new GenerationOptions { MaxNewTokens = 5 }), null, CancellationToken.None);

        Assert.Equal(10, first.TokenIds.Count);
        Assert.Equal(prompt.Count + first.TokenIds.Count - 1, second.Stats.ReusedPromptTokens);
    }

    [Fact]
    public async Task Stop_string_ends_generation_and_is_cut_from_text_and_stream()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted("alpha beta STOP gamma delta"));
        var streamed = new List<string>();
        var options = _greedy with { StopStrings = ["never", "STOP"] };

        var result = await engine.GenerateAsync(new GenerationRequest(engine.Encode("go"), options), t =>
        {
            streamed.Add(t.Text);
            return TokenDecision.Continue;
        }, CancellationToken.None);

        Assert.Equal(StopReason.StopString, result.StopReason);
        Assert.Equal("alpha beta ", result.Text);
        Assert.Equal(streamed.Count, result.TokenIds.Count);

        // Tokens streamed before the stop string was complete are not taken back; the last one is cut.
        Assert.Equal("alpha beta STOP", string.Concat(streamed) + "P");
        Assert.DoesNotContain("P", streamed[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_tokens_limits_the_output()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted("one two three four five six seven"));

        var result = await engine.GenerateAsync(
            new GenerationRequest(engine.Encode("go"), new GenerationOptions { MaxNewTokens = 3 }), null, CancellationToken.None);

        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(3, result.TokenIds.Count);
        Assert.Equal(engine.Decode(result.TokenIds), result.Text);
        Assert.StartsWith(result.Text, "one two three four five six seven", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_stop_keeps_the_token_it_was_given()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted("one two three four five six seven"));
        var seen = 0;

        var result = await engine.GenerateAsync(new GenerationRequest(engine.Encode("go"), _greedy), _ =>
            ++seen == 2 ? TokenDecision.Stop : TokenDecision.Continue, CancellationToken.None);

        Assert.Equal(StopReason.Requested, result.StopReason);
        Assert.Equal(2, seen);
        Assert.Equal(2, result.TokenIds.Count);
    }

    [Fact]
    public async Task Full_context_ends_generation()
    {
        using var engine = _models.Load(
            GgufTestModelSpec.Scripted(_longScript),
            GgufModelFolder.TestOptions with { ContextSize = 100 });
        var prompt = engine.Encode("a prompt of some twenty tokens, give or take");

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, _greedy with { MaxNewTokens = 1000 }), null, CancellationToken.None);

        // llama.cpp rounds the context up (to 256 here); the description reports what it allocated.
        Assert.InRange(engine.Model.ContextLength, 100, 512);
        Assert.Equal(StopReason.ContextFull, result.StopReason);
        Assert.Equal(engine.Model.ContextLength + 1, prompt.Count + result.TokenIds.Count);
    }

    [Fact]
    public async Task Cancellation_mid_stream_throws_then_the_next_generation_is_correct()
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 3));
        using var engine = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var prompt = engine.Encode("<｜User｜>Count slowly.<｜Assistant｜>");

        var seen = await CancelMidStream.RunAsync(engine, new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 200 }), atToken: 5);

        Assert.Equal(5, seen);
        var options = new GenerationOptions { MaxNewTokens = 20 };
        var after = await engine.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);
        using var fresh = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var expected = await fresh.GenerateAsync(new GenerationRequest(prompt, options), null, CancellationToken.None);
        Assert.Equal(expected.TokenIds, after.TokenIds);
        Assert.Equal(prompt.Count - 1, after.Stats.ReusedPromptTokens);
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_any_work()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted("never seen"));
        var called = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(
            new GenerationRequest(engine.Encode("go"), _greedy),
            _ =>
            {
                called = true;
                return TokenDecision.Continue;
            },
            new CancellationToken(canceled: true)));

        Assert.False(called);
    }

    [Fact]
    public async Task Seeded_sampling_repeats_and_temperature_changes_the_output()
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 8));
        using var engine = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var prompt = engine.Encode("<｜User｜>Say anything.<｜Assistant｜>");
        var hot = new GenerationOptions { MaxNewTokens = 30, Temperature = 1.5f, TopP = 0.95f, TopK = 50, Seed = 42 };

        var a = await engine.GenerateAsync(new GenerationRequest(prompt, hot), null, CancellationToken.None);
        var b = await engine.GenerateAsync(new GenerationRequest(prompt, hot), null, CancellationToken.None);
        var other = await engine.GenerateAsync(new GenerationRequest(prompt, hot with { Seed = 43 }), null, CancellationToken.None);
        var greedy = await engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 30 }), null, CancellationToken.None);

        Assert.Equal(a.TokenIds, b.TokenIds);
        Assert.NotEqual(a.TokenIds, other.TokenIds);
        Assert.NotEqual(a.TokenIds, greedy.TokenIds);
    }

    [Fact]
    public async Task Dispose_cancels_a_running_generation()
    {
        var engine = _models.Load(GgufTestModelSpec.Scripted(_longScript));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var generation = engine.GenerateAsync(
            new GenerationRequest(engine.Encode("<｜User｜>Go on.<｜Assistant｜>"), new GenerationOptions { MaxNewTokens = 100_000 }),
            _ =>
            {
                started.TrySetResult();
                Thread.Sleep(5);
                return TokenDecision.Continue;
            },
            CancellationToken.None);
        await Task.WhenAny(started.Task, generation);
        Assert.False(generation.IsCompleted);

        engine.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generation);
    }

    [Fact]
    public async Task Rejects_prompts_it_cannot_run()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random(), GgufModelFolder.TestOptions with { ContextSize = 32 });
        var tooLong = new int[engine.Model.ContextLength];

        await Assert.ThrowsAsync<ArgumentException>(() => engine.GenerateAsync(new GenerationRequest([], _greedy), null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => engine.GenerateAsync(new GenerationRequest(tooLong, _greedy), null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => engine.GenerateAsync(new GenerationRequest([engine.Model.VocabSize], _greedy), null, CancellationToken.None));
    }

    [Fact]
    public async Task Disposed_engine_refuses_work()
    {
        var engine = _models.Load(GgufTestModelSpec.Random());
        engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => engine.Encode("x"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.GenerateAsync(new GenerationRequest([1], _greedy), null, CancellationToken.None));
        engine.Dispose();
    }
}
