using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;
using AssistantLsp.Inference.LlamaCpp;

namespace AssistantLsp.Inference.Tests.Engine.Speculative;

public sealed class SpeculativeAcceptanceTests
{
    /// <summary>Rows of logits over a vocabulary of 5 whose argmax is the given token.</summary>
    private static float[][] Peaks(params int[] argmax) =>
        [.. argmax.Select(best => Enumerable.Range(0, 5).Select(i => i == best ? 3f : -(float)i / 10).ToArray())];

    public static TheoryData<int[], int[], int, int> GreedyCases() => new()
    {
        // draft, argmax per row (draft.Length + 1 rows), accepted, next
        { [1, 2, 3], [1, 2, 3, 4], 3, 4 },
        { [1, 2, 3], [1, 0, 3, 4], 1, 0 },
        { [1, 2, 3], [4, 2, 3, 4], 0, 4 },
        { [1, 2, 3], [1, 2, 0, 4], 2, 0 },
        { [], [2], 0, 2 },
    };

    [Theory]
    [MemberData(nameof(GreedyCases))]
    public void Greedy_keeps_the_prefix_that_matches_the_argmax_then_adds_the_argmax(int[] draft, int[] argmax, int accepted, int next)
    {
        var rows = Peaks(argmax);
        var sampler = new TokenSampler(new GenerationOptions());

        var decision = SpeculativeAcceptance.Decide(draft, i => rows[i], sampler);

        Assert.Equal((accepted, next), decision);
    }

    /// <summary>
    /// The point of the rule: whatever the draft, the first emitted token is distributed as the
    /// sampler's own distribution (temperature, top-k, top-p applied).
    /// </summary>
    [Theory]
    [InlineData(0, 1f, 1f, 0)]
    [InlineData(2, 1f, 1f, 0)]
    [InlineData(4, 0.7f, 1f, 0)]
    [InlineData(1, 1.3f, 0.9f, 0)]
    [InlineData(3, 1f, 1f, 3)]
    [InlineData(4, 1f, 1f, 3)]
    public void Sampling_emits_tokens_with_the_samplers_own_distribution(int draftToken, float temperature, float topP, int topK)
    {
        float[] logits = [1.0f, 0.2f, 2.0f, -0.5f, 0.7f];
        var options = new GenerationOptions { Temperature = temperature, TopP = topP, TopK = topK, Seed = 11 };
        var speculative = new TokenSampler(options);
        var plain = new TokenSampler(options with { Seed = 12 });
        const int trials = 40_000;
        var emitted = new int[5];
        var expected = new int[5];
        for (var i = 0; i < trials; i++)
        {
            var (accepted, next) = SpeculativeAcceptance.Decide([draftToken], _ => logits, speculative);
            emitted[accepted == 1 ? draftToken : next]++;
            expected[plain.Sample(logits)]++;
        }

        for (var token = 0; token < 5; token++)
        {
            Assert.True(
                Math.Abs(emitted[token] - expected[token]) < trials * 0.015,
                $"token {token}: speculative {emitted[token]}, plain {expected[token]}");
        }
    }

    [Fact]
    public void A_token_outside_top_k_is_never_accepted()
    {
        float[] logits = [1.0f, 0.2f, 2.0f, -0.5f, 0.7f];
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, TopK = 2, Seed = 1 });

        for (var i = 0; i < 500; i++)
        {
            Assert.False(sampler.AcceptDraft(logits, 3, out var replacement));
            Assert.Contains(replacement, new[] { 0, 2 });
        }
    }
}
