using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Tests.Engine;
using static AssistantLsp.Inference.Tests.Engine.EngineTestCalls;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

/// <summary>
/// Speculative decoding on the real GenAI engine: output token-for-token equal to the reference
/// forward pass (greedy) whatever the drafts, with drafts actually accepted when text repeats.
/// Random weights do not copy text, so drafts come from a reference continuation (the document).
/// </summary>
[Collection(TestModelsCollection.Name)]
public sealed class OnnxGenAiSpeculativeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(2)]
    [InlineData(1)]
    public async Task Greedy_output_is_the_reference_whatever_share_of_the_draft_is_right(int spoilEveryNth)
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("The quick brown fox");
        var expected = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 40);

        var result = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 40, DraftReference = Spoil(expected, spoilEveryNth) });

        Assert.Equal(expected, result.TokenIds);
        Assert.Equal(engine.Decode(expected), result.Text);
        if (spoilEveryNth == 0)
        {
            // Random weights repeat n-grams of their own, so some drafts follow the wrong copy.
            Assert.True(result.Stats.AcceptedDraftTokens >= 20, $"accepted {result.Stats.AcceptedDraftTokens} of {result.Stats.DraftedTokens}");
        }
    }

    [Fact]
    public async Task Drafts_that_keep_failing_hand_over_to_plain_steps_and_stay_exact()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("The quick brown fox");
        var expected = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 100);
        var useless = Spoil(expected, 1);

        var result = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 100, DraftReference = useless, DraftOnlyFromReference = true });
        var followUp = prompt.Concat(result.TokenIds).Concat(engine.Encode(" again")).ToList();
        var next = await Generate(engine, followUp, new GenerationOptions { MaxNewTokens = 10 });

        Assert.Equal(expected, result.TokenIds);
        Assert.Equal(0, result.Stats.AcceptedDraftTokens);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, followUp, 10), next.TokenIds);
        Assert.True(next.Stats.ReusedPromptTokens >= prompt.Count + 90, $"reused {next.Stats.ReusedPromptTokens}");
    }

    [Fact]
    public async Task Turning_speculation_off_drafts_nothing_and_gives_the_same_tokens()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("def main():");
        var expected = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 20);
        var options = new GenerationOptions { MaxNewTokens = 20, DraftReference = expected };

        var perRequest = await Generate(engine, prompt, options with { Speculative = false });
        engine.Speculation = new SpeculativeDecodingSetting { Enabled = false };
        var perEngine = await Generate(engine, prompt, options);
        engine.Speculation.Enabled = true;
        var on = await Generate(engine, prompt, options);

        Assert.Equal(expected, perRequest.TokenIds);
        Assert.Equal(expected, perEngine.TokenIds);
        Assert.Equal(expected, on.TokenIds);
        Assert.Equal(0, perRequest.Stats.DraftedTokens);
        Assert.Equal(0, perEngine.Stats.DraftedTokens);
        Assert.True(on.Stats.AcceptedDraftTokens > 0);
    }

    [Fact]
    public async Task Max_tokens_callback_stop_and_follow_up_reuse_stay_exact_inside_accepted_drafts()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("for (int i = 0;");
        var continuation = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 40);
        var options = new GenerationOptions { MaxNewTokens = 7, DraftReference = continuation };

        var limited = await Generate(engine, prompt, options);
        var followUp = prompt.Concat(limited.TokenIds).Concat(engine.Encode(" next")).ToList();
        var next = await Generate(engine, followUp, options with { MaxNewTokens = 12 });
        int seen = 0;
        var stopped = await Generate(engine, prompt, options with { MaxNewTokens = 40 }, _ => ++seen == 9 ? TokenDecision.Stop : TokenDecision.Continue);

        Assert.Equal(continuation.Take(7), limited.TokenIds);
        Assert.Equal(StopReason.MaxTokens, limited.StopReason);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, followUp, 12), next.TokenIds);
        Assert.True(next.Stats.ReusedPromptTokens >= prompt.Count + 5, $"reused {next.Stats.ReusedPromptTokens}");
        Assert.Equal(continuation.Take(9), stopped.TokenIds);
        Assert.Equal(StopReason.Requested, stopped.StopReason);
    }

    [Fact]
    public async Task Cancellation_inside_drafts_leaves_the_engine_exact()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("The quick brown fox");
        var continuation = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 30);
        var options = new GenerationOptions { MaxNewTokens = 200, DraftReference = continuation };

        var seen = await CancelMidStream.RunAsync(engine, new GenerationRequest(prompt, options), atToken: 6);
        var again = await Generate(engine, prompt, options with { MaxNewTokens = 30 });

        Assert.Equal(6, seen);
        Assert.Equal(continuation, again.TokenIds);
    }

    [Fact]
    public async Task Scripted_model_with_its_script_as_reference_matches_plain_decoding_with_stop_strings()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var prompt = engine.Encode("Rewrite this:");

        // The scripted model emits one token per script piece, so the reference is its own output.
        var script = (await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 500, Speculative = false })).TokenIds;
        var plain = new GenerationOptions { MaxNewTokens = 500, Speculative = false, DraftReference = script };

        foreach (var stops in new[] { Array.Empty<string>(), ["</think>"], ["hello world\n  ind"] })
        {
            var off = await Generate(engine, prompt, plain with { StopStrings = stops });
            var streamed = new System.Text.StringBuilder();
            var on = await Generate(engine, prompt, plain with { StopStrings = stops, Speculative = true }, t =>
            {
                streamed.Append(t.Text);
                return TokenDecision.Continue;
            });

            Assert.Equal(off.TokenIds, on.TokenIds);
            Assert.Equal(off.Text, on.Text);
            Assert.Equal(off.StopReason, on.StopReason);
            Assert.StartsWith(on.Text, streamed.ToString(), StringComparison.Ordinal);
            Assert.True(on.Stats.AcceptedDraftTokens > 0, $"accepted {on.Stats.AcceptedDraftTokens} of {on.Stats.DraftedTokens}");
        }
    }

    [Fact]
    public async Task Sampling_with_drafts_is_reproducible_per_seed_and_stays_in_the_vocabulary()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var prompt = engine.Encode("Hello");
        var reference = ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 30);
        var options = new GenerationOptions { MaxNewTokens = 30, Temperature = 0.7f, TopP = 0.95f, Seed = 5, DraftReference = reference };

        var first = await Generate(engine, prompt, options);
        var second = await Generate(engine, prompt, options);

        Assert.Equal(30, first.TokenIds.Count);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.All(first.TokenIds, id => Assert.InRange(id, 0, engine.Model.VocabSize - 1));
    }
}
