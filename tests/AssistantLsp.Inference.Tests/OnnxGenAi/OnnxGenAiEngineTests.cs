using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.Inference.Tests.Engine;
using AssistantLsp.ModelWriting;
using static AssistantLsp.Inference.Tests.Engine.EngineTestCalls;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

[Collection(TestModelsCollection.Name)]
public sealed class OnnxGenAiEngineTests
{
    private static GenerationOptions Greedy(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens };

    [Theory]
    [InlineData("Hello world")]
    [InlineData("<｜User｜>Write a loop.<｜Assistant｜><think>\n")]
    [InlineData("x")]
    public async Task Greedy_tokens_match_the_reference_forward_pass(string promptText)
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode(promptText);

        var result = await Generate(engine, prompt, Greedy(20));

        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 20), result.TokenIds);
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(engine.Decode(result.TokenIds), result.Text);
    }

    [Fact]
    public async Task Model_without_fim_tokens_also_matches_the_reference()
    {
        using var engine = TestModels.Load(TestModels.RandomWithoutFim);
        var prompt = engine.Encode("public static int Add(");

        var result = await Generate(engine, prompt, Greedy(16));

        Assert.Equal(ReferenceTransformer.Greedy(TestModels.RandomWithoutFim.Weights, prompt, 16), result.TokenIds);
    }

    [Fact]
    public async Task Prefix_reuse_gives_exactly_the_tokens_of_a_fresh_run()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var first = engine.Encode("The quick brown fox jumps over");
        var extended = first.Concat(engine.Encode(" the lazy dog")).ToList();
        var strictPrefix = first.Take(first.Count - 3).ToList();
        var editedTail = first.Take(first.Count - 2).Concat(engine.Encode(" under")).ToList();
        var different = engine.Encode("for (int i = 0;");
        var prompts = new[] { first, extended, strictPrefix, editedTail, different, extended };

        var reused = new List<int>();
        foreach (var prompt in prompts)
        {
            var result = await Generate(engine, prompt, Greedy(12));
            Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 12), result.TokenIds);
            Assert.Equal(prompt.Count, result.Stats.PromptTokens);
            reused.Add(result.Stats.ReusedPromptTokens);
        }

        Assert.Equal(0, reused[0]);
        Assert.True(reused[1] >= first.Count, $"extension reused {reused[1]} of {first.Count}");
        Assert.Equal(strictPrefix.Count - 1, reused[2]);
        Assert.Equal(first.Count - 3, reused[3]);
        Assert.Equal(0, reused[4]);
        Assert.Equal(0, reused[5]);
    }

    [Fact]
    public async Task Continuing_after_the_generated_tokens_reuses_them()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("def main():");
        var firstReply = await Generate(engine, prompt, Greedy(10));
        var nextTurn = prompt.Concat(firstReply.TokenIds).Concat(engine.Encode(" again")).ToList();

        var result = await Generate(engine, nextTurn, Greedy(10));

        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, nextTurn, 10), result.TokenIds);
        Assert.True(result.Stats.ReusedPromptTokens >= prompt.Count + firstReply.TokenIds.Count - 1, $"reused {result.Stats.ReusedPromptTokens}");
    }

    [Fact]
    public async Task Seeded_sampling_starts_a_fresh_sampler_and_keeps_the_greedy_cache()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("Hello world");
        await Generate(engine, prompt, Greedy(4));

        var sampled = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 4, Temperature = 0.8f, Seed = 3 });
        var greedyAgain = await Generate(engine, prompt, Greedy(4));

        Assert.Equal(0, sampled.Stats.ReusedPromptTokens);
        Assert.Equal(prompt.Count - 1, greedyAgain.Stats.ReusedPromptTokens);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 4), greedyAgain.TokenIds);
    }

    [Fact]
    public async Task Cancellation_mid_stream_throws_and_leaves_the_engine_usable()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("The quick brown fox");

        int seen = await CancelMidStream.RunAsync(engine, new GenerationRequest(prompt, Greedy(200)), atToken: 5);
        Assert.Equal(5, seen);

        var result = await Generate(engine, prompt, Greedy(15));
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 15), result.TokenIds);
        Assert.True(result.Stats.ReusedPromptTokens > 0);
    }

    [Fact]
    public async Task Already_cancelled_token_throws_without_generating()
    {
        using var engine = TestModels.Load(TestModels.Random);
        int seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(
            new GenerationRequest(engine.Encode("abc"), Greedy(10)), _ => { seen++; return TokenDecision.Continue; }, new CancellationToken(canceled: true)));

        Assert.Equal(0, seen);
    }

    [Fact]
    public async Task Scripted_model_restarts_its_script_on_a_follow_up_prompt_that_reuses_the_cache()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var prompt = engine.Encode("First question");
        var first = await Generate(engine, prompt, Greedy(500));
        var followUp = prompt.Concat(first.TokenIds).Concat(engine.Encode("Second question")).ToList();

        var second = await Generate(engine, followUp, Greedy(500));

        Assert.Equal(TestModels.Script, second.Text);
        Assert.True(second.Stats.ReusedPromptTokens >= prompt.Count);
    }

    [Fact]
    public async Task Stop_string_ends_generation_and_is_cut_from_the_text()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var streamed = new System.Text.StringBuilder();

        var result = await Generate(
            engine,
            engine.Encode("Go"),
            Greedy(500) with { StopStrings = ["</think>", "zzz"] },
            t => { streamed.Append(t.Text); return TokenDecision.Continue; });

        var expected = TestModels.Script[..TestModels.Script.IndexOf("</think>", StringComparison.Ordinal)];
        Assert.Equal(StopReason.StopString, result.StopReason);
        Assert.Equal(expected, result.Text);
        Assert.StartsWith(expected, streamed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", streamed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Earliest_of_several_stop_strings_wins()
    {
        using var engine = TestModels.Load(TestModels.Scripted);

        var result = await Generate(engine, engine.Encode("Go"), Greedy(500) with { StopStrings = ["café", "\n"] });

        Assert.Equal("Hello hello world! <think>", result.Text);
    }

    [Fact]
    public async Task Max_new_tokens_limits_the_output()
    {
        using var engine = TestModels.Load(TestModels.Scripted);

        var result = await Generate(engine, engine.Encode("Go"), Greedy(3));

        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Equal(3, result.TokenIds.Count);
        Assert.Equal(string.Concat(TestModels.Scripted.Vocabulary.ScriptPieces.Take(3)), result.Text);
    }

    [Fact]
    public async Task Callback_can_stop_generation()
    {
        using var engine = TestModels.Load(TestModels.Random);
        int seen = 0;

        var result = await Generate(engine, engine.Encode("abc"), Greedy(50), _ => ++seen == 4 ? TokenDecision.Stop : TokenDecision.Continue);

        Assert.Equal(StopReason.Requested, result.StopReason);
        Assert.Equal(4, result.TokenIds.Count);
    }

    [Fact]
    public async Task Generation_runs_off_the_callers_thread()
    {
        using var engine = TestModels.Load(TestModels.Random);
        using var release = new ManualResetEventSlim();

        var task = Generate(engine, engine.Encode("abc"), Greedy(3), _ =>
        {
            release.Wait(TimeSpan.FromSeconds(10));
            return TokenDecision.Continue;
        });
        bool finishedBeforeRelease = task.IsCompleted;
        release.Set();
        var result = await task;

        Assert.False(finishedBeforeRelease);
        Assert.Equal(3, result.TokenIds.Count);
    }

    [Fact]
    public async Task Full_context_stops_generation()
    {
        var written = TestModels.Write(TestModelSpec.Random(seed: 5) with { ContextLength = 16 }, "small-context");
        using var engine = TestModels.Load(written);
        var prompt = engine.Encode("0123456789");

        var result = await Generate(engine, prompt, Greedy(100));

        Assert.Equal(StopReason.ContextFull, result.StopReason);
        Assert.Equal(16 - prompt.Count, result.TokenIds.Count);
        Assert.Equal(ReferenceTransformer.Greedy(written.Weights, prompt, result.TokenIds.Count), result.TokenIds);

        var shorter = prompt.Take(prompt.Count - 2).ToList();
        var again = await Generate(engine, shorter, Greedy(3));
        Assert.Equal(ReferenceTransformer.Greedy(written.Weights, shorter, 3), again.TokenIds);
        Assert.Equal(shorter.Count - 1, again.Stats.ReusedPromptTokens);
    }

    [Fact]
    public async Task Concurrent_generations_run_one_at_a_time_and_stay_exact()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompts = new[] { "alpha beta", "alpha gamma", "delta", "alpha beta gamma" }.Select(engine.Encode).ToList();
        int running = 0, overlapped = 0;
        TokenDecision Track(GeneratedToken _)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Exchange(ref overlapped, 1);
            }

            Thread.Sleep(1);
            Interlocked.Decrement(ref running);
            return TokenDecision.Continue;
        }

        var results = await Task.WhenAll(prompts.Select(p => Task.Run(() => Generate(engine, p, Greedy(8), Track))));

        Assert.Equal(0, overlapped);
        for (int i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompts[i], 8), results[i].TokenIds);
        }
    }

    [Fact]
    public async Task Same_seed_samples_the_same_tokens()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("Hello");
        var options = new GenerationOptions { MaxNewTokens = 20, Temperature = 1.5f, TopP = 0.95f, TopK = 40, Seed = 42 };

        var first = await Generate(engine, prompt, options);
        var second = await Generate(engine, prompt, options);
        var otherSeeds = new List<IReadOnlyList<int>>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            otherSeeds.Add((await Generate(engine, prompt, options with { Seed = seed })).TokenIds);
        }

        Assert.Equal(20, first.TokenIds.Count);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.Contains(otherSeeds, tokens => !tokens.SequenceEqual(first.TokenIds));
    }

    [Fact]
    public async Task Stats_describe_the_generation()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("Hello world");

        var result = await Generate(engine, prompt, Greedy(10));

        Assert.Equal(prompt.Count, result.Stats.PromptTokens);
        Assert.Equal(10, result.Stats.GeneratedTokens);
        Assert.True(result.Stats.TimeToFirstToken > TimeSpan.Zero);
        Assert.True(result.Stats.Total >= result.Stats.TimeToFirstToken);
        Assert.True(result.Stats.DecodeTokensPerSecond > 0);
    }

    [Fact]
    public async Task Bad_prompts_get_clear_errors()
    {
        using var engine = TestModels.Load(TestModels.Random);

        await Assert.ThrowsAsync<ArgumentException>(() => Generate(engine, [], Greedy(5)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Generate(engine, [1, TestModels.Random.VocabSize], Greedy(5)));
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => Generate(engine, Enumerable.Repeat(65, 600).ToList(), Greedy(5)));
        Assert.Contains("context", tooLong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Decode([-1]));
    }

    [Fact]
    public void Encode_recognizes_special_token_text_and_adds_no_bos()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var vocabulary = TestModels.Random.Vocabulary;

        var ids = engine.Encode("<｜User｜>hi<|fim_middle|>");

        Assert.Equal(vocabulary.IdOfAdded("<｜User｜>"), ids[0]);
        Assert.Equal(vocabulary.IdOfAdded("<|fim_middle|>"), ids[^1]);
        Assert.DoesNotContain(vocabulary.IdOfAdded("<｜begin▁of▁sentence｜>"), ids);
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("<｜User｜>café ☕ 😀<｜Assistant｜><think>\nwhy</think>done")]
    [InlineData("<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>")]
    public void Decode_returns_the_encoded_text_with_special_tokens(string text)
    {
        using var engine = TestModels.Load(TestModels.Random);

        Assert.Equal(text, engine.Decode(engine.Encode(text)));
    }

    [Fact]
    public void Chat_template_renders_the_r1_format()
    {
        using var engine = TestModels.Load(TestModels.Random);

        var prompt = engine.ApplyChatTemplate([new ChatMessage("user", "Explain this.")], addGenerationPrompt: true);

        Assert.Equal("<｜begin▁of▁sentence｜><｜User｜>Explain this.<｜Assistant｜><think>\n", prompt);
    }

    [Fact]
    public void Description_names_the_models_special_tokens_and_limits()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var model = engine.Model;

        Assert.Equal(TestModels.Random.Directory, model.Path);
        Assert.Equal("random", model.Name);
        Assert.Equal("cpu", model.ExecutionProvider);
        Assert.Equal(512, model.ContextLength);
        Assert.Equal(TestModels.Random.VocabSize, model.VocabSize);
        Assert.Equal(KnownTokenTexts.BeginOfSentence, model.Tokens.BeginOfSentence);
        Assert.Equal(KnownTokenTexts.User, model.Tokens.User);
        Assert.Equal(KnownTokenTexts.Assistant, model.Tokens.Assistant);
        Assert.Equal("<think>", model.Tokens.ThinkStart);
        Assert.Equal("</think>", model.Tokens.ThinkEnd);
        Assert.Contains(TestModels.Random.Vocabulary.IdOfAdded(KnownTokenTexts.EndOfSentence), model.Tokens.EndOfSequenceIds);
        Assert.Equal(TokenizerFilesWriter.ChatTemplate, model.Tokens.ChatTemplate);
        Assert.NotNull(model.Tokens.Fim);
        Assert.Equal(FimStyle.QwenCoder, model.Tokens.Fim.Style);
        Assert.Equal(("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"), (model.Tokens.Fim.Prefix, model.Tokens.Fim.Suffix, model.Tokens.Fim.Middle));
        Assert.Contains("<|endoftext|>", model.Tokens.Fim.StopTexts);
    }

    [Fact]
    public void Model_without_fim_tokens_reports_no_fim()
    {
        using var engine = TestModels.Load(TestModels.RandomWithoutFim);

        Assert.Null(engine.Model.Tokens.Fim);
        Assert.Equal([TestModels.RandomWithoutFim.Vocabulary.IdOfAdded(KnownTokenTexts.EndOfSentence)], engine.Model.Tokens.EndOfSequenceIds);
    }

    [Fact]
    public async Task Disposed_engine_refuses_work()
    {
        var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("abc");
        engine.Dispose();
        engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => engine.Encode("abc"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Generate(engine, prompt, Greedy(3)));
    }
}
