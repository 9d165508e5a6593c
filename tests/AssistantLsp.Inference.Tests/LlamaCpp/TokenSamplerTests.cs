using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

public sealed class TokenSamplerTests
{
    private static readonly float[] _logits = [0.5f, 3f, 2.9f, -1f, 3f, 0f, 1f, 2f];

    [Fact]
    public void Greedy_takes_the_largest_logit_and_the_lowest_id_on_ties()
    {
        var sampler = new TokenSampler(new GenerationOptions());

        Assert.Equal(1, sampler.Sample(_logits));
        Assert.Equal(2, sampler.Sample([0f, 1f, 5f]));
    }

    [Fact]
    public void Top_k_of_one_is_greedy_even_when_hot()
    {
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 5f, TopK = 1, Seed = 1 });

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(1, sampler.Sample(_logits)));
    }

    [Theory]
    [InlineData(2, new[] { 1, 4 })]
    [InlineData(3, new[] { 1, 2, 4 })]
    [InlineData(4, new[] { 1, 2, 4, 7 })]
    public void Top_k_never_leaves_the_k_largest(int k, int[] allowed)
    {
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 10f, TopK = k, Seed = 3 });

        var drawn = Enumerable.Range(0, 400).Select(_ => sampler.Sample(_logits)).ToHashSet();

        Assert.Equal(allowed.ToHashSet(), drawn);
    }

    [Fact]
    public void Small_top_p_keeps_only_the_most_likely()
    {
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, TopP = 0.01f, Seed = 9 });

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(0, sampler.Sample([9f, 1f, 1f, 1f])));
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_reaching_it()
    {
        // Probabilities 0.5, 0.3, 0.2 (logits are their logs): top-p 0.75 keeps the first two.
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, TopP = 0.75f, Seed = 4 });

        var drawn = Enumerable.Range(0, 400).Select(_ => sampler.Sample(logits)).ToArray();

        Assert.Equal(new HashSet<int> { 0, 1 }, drawn.ToHashSet());
        Assert.InRange(drawn.Count(d => d == 0) / 400.0, 0.5, 0.75); // 0.5 / 0.8 = 0.625 expected
    }

    [Fact]
    public void Temperature_alone_draws_from_the_whole_softmax()
    {
        float[] logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.2f)];
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, Seed = 12 });

        var drawn = Enumerable.Range(0, 4000).Select(_ => sampler.Sample(logits)).ToArray();

        Assert.InRange(drawn.Count(d => d == 0) / 4000.0, 0.45, 0.55);
        Assert.InRange(drawn.Count(d => d == 1) / 4000.0, 0.25, 0.35);
        Assert.InRange(drawn.Count(d => d == 2) / 4000.0, 0.15, 0.25);
    }

    [Fact]
    public void Same_seed_draws_the_same_sequence()
    {
        var options = new GenerationOptions { Temperature = 2f, Seed = 77 };
        var a = new TokenSampler(options);
        var b = new TokenSampler(options);
        var c = new TokenSampler(options with { Seed = 78 });

        var first = Enumerable.Range(0, 40).Select(_ => a.Sample(_logits)).ToArray();
        var second = Enumerable.Range(0, 40).Select(_ => b.Sample(_logits)).ToArray();
        var third = Enumerable.Range(0, 40).Select(_ => c.Sample(_logits)).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void Top_p_search_extends_past_the_first_candidates_when_needed()
    {
        // A flat distribution over 1000 tokens: top-p 0.9 needs ~900 of them.
        var flat = new float[1000];
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, TopP = 0.9f, Seed = 5 });

        var drawn = Enumerable.Range(0, 2000).Select(_ => sampler.Sample(flat)).ToArray();

        Assert.Contains(drawn, d => d > 300);
        Assert.All(drawn, d => Assert.InRange(d, 0, 900));
    }

    [Theory]
    [InlineData(-1f, 1f, 0)]
    [InlineData(float.PositiveInfinity, 1f, 0)]
    [InlineData(1f, 0f, 0)]
    [InlineData(1f, 1.5f, 0)]
    [InlineData(1f, 1f, -2)]
    public void Refuses_settings_no_sampler_can_use(float temperature, float topP, int topK)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenSampler(new GenerationOptions { Temperature = temperature, TopP = topP, TopK = topK }));
    }
}
