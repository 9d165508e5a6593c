using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Tests.Engine;
using AssistantLsp.ModelWriting.Gguf;
using static AssistantLsp.Inference.Tests.Engine.EngineTestCalls;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>
/// Speculative decoding on the real llama.cpp engine: the same tokens as plain decoding (greedy)
/// whatever the drafts, and drafts accepted when the reference is right.
/// </summary>
public sealed class LlamaCppSpeculativeTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(2)]
    [InlineData(1)]
    public async Task Greedy_output_equals_plain_decoding_whatever_share_of_the_draft_is_right(int spoilEveryNth)
    {
        using var engine = _models.Load(GgufTestModelSpec.Random(seed: 5));
        var prompt = engine.Encode("<｜User｜>Tell me something.<｜Assistant｜>");
        var plain = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 40, Speculative = false });

        var result = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 40, DraftReference = Spoil(plain.TokenIds, spoilEveryNth) });

        Assert.True(plain.TokenIds.Count >= 20, $"plain decoding gave only {plain.TokenIds.Count} tokens");
        Assert.Equal(plain.TokenIds, result.TokenIds);
        Assert.Equal(plain.Text, result.Text);
        Assert.Equal(0, plain.Stats.DraftedTokens);
        if (spoilEveryNth == 0)
        {
            Assert.True(result.Stats.AcceptedDraftTokens >= 20, $"accepted {result.Stats.AcceptedDraftTokens} of {result.Stats.DraftedTokens}");
        }
    }

    [Fact]
    public async Task Stops_budgets_cancellation_and_reuse_behave_as_in_plain_decoding()
    {
        var file = _models.Write(GgufTestModelSpec.Scripted("one two three four five six seven eight nine ten eleven twelve"));
        using var engine = AssistantLsp.Inference.LlamaCpp.LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        using var fresh = AssistantLsp.Inference.LlamaCpp.LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var prompt = engine.Encode("Count:");
        var plain = new GenerationOptions { MaxNewTokens = 100, Speculative = false };
        var script = (await Generate(fresh, prompt, plain)).TokenIds;
        var drafted = plain with { Speculative = true, DraftReference = script };

        foreach (var options in new[]
        {
            drafted,
            drafted with { MaxNewTokens = 5 },
            drafted with { StopStrings = ["six"] },
            drafted with { StopStrings = ["x"] },
        })
        {
            var expected = await Generate(fresh, prompt, options with { Speculative = false });
            var result = await Generate(engine, prompt, options);
            Assert.Equal(expected.TokenIds, result.TokenIds);
            Assert.Equal(expected.Text, result.Text);
            Assert.Equal(expected.StopReason, result.StopReason);
            Assert.True(result.Stats.AcceptedDraftTokens > 0);
        }

        int seen = 0;
        var stopped = await Generate(engine, prompt, drafted, _ => ++seen == 4 ? TokenDecision.Stop : TokenDecision.Continue);
        Assert.Equal(script.Take(4), stopped.TokenIds);

        Assert.Equal(3, await CancelMidStream.RunAsync(engine, new GenerationRequest(prompt, drafted), atToken: 3));
        var followUp = prompt.Concat(script.Take(6)).Concat(engine.Encode(" and")).ToList();
        var afterCancel = await Generate(engine, followUp, drafted);
        Assert.Equal((await Generate(fresh, followUp, plain)).TokenIds, afterCancel.TokenIds);
        Assert.True(afterCancel.Stats.ReusedPromptTokens >= prompt.Count, $"reused {afterCancel.Stats.ReusedPromptTokens}");
    }

    [Fact]
    public async Task Drafts_that_keep_failing_hand_over_to_plain_steps_and_stay_exact()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted(string.Concat(Enumerable.Range(0, 150).Select(i => $"w{i} "))));
        var prompt = engine.Encode("Go:");
        var plain = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 120, Speculative = false });
        var useless = Enumerable.Range(0, 50).Select(i => 3 + i).ToList();

        var result = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 120, DraftReference = useless, DraftOnlyFromReference = true });

        Assert.Equal(120, plain.TokenIds.Count);
        Assert.Equal(plain.TokenIds, result.TokenIds);
        Assert.Equal(plain.Text, result.Text);
        Assert.Equal(0, result.Stats.AcceptedDraftTokens);
    }

    [Fact]
    public async Task Full_context_stops_where_plain_decoding_stops()
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 3));
        using var engine = AssistantLsp.Inference.LlamaCpp.LlamaCppEngine.Load(file, GgufModelFolder.TestOptions with { ContextSize = 32 });
        var text = engine.Encode("<｜User｜>Tell me something.<｜Assistant｜>");
        var prompt = Enumerable.Range(0, engine.Model.ContextLength - 6).Select(i => text[i % text.Count]).ToList();
        var plain = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 100, Speculative = false });

        var result = await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 100, DraftReference = plain.TokenIds });

        Assert.Equal(StopReason.ContextFull, plain.StopReason);
        Assert.Equal(plain.StopReason, result.StopReason);
        Assert.Equal(plain.TokenIds, result.TokenIds);
    }

    [Fact]
    public async Task Sampling_with_drafts_is_reproducible_per_seed()
    {
        using var engine = _models.Load(GgufTestModelSpec.Random(seed: 5));
        var prompt = engine.Encode("<｜User｜>Tell me something.<｜Assistant｜>");
        var reference = (await Generate(engine, prompt, new GenerationOptions { MaxNewTokens = 30 })).TokenIds;
        var options = new GenerationOptions { MaxNewTokens = 30, Temperature = 0.3f, TopK = 20, Seed = 9, DraftReference = reference };

        var first = await Generate(engine, prompt, options);
        var second = await Generate(engine, prompt, options);

        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.True(first.TokenIds.Count >= 10, $"only {first.TokenIds.Count} tokens");
        Assert.True(first.Stats.DraftedTokens > 0);
    }
}
