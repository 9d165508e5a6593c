using AssistantLsp.ModelWriting.Benchmarks;

namespace AssistantLsp.ModelWriting.Tests.Benchmarks;

public sealed class SpeculativeBenchmarkTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(25, 32)]
    [InlineData(50, 64)]
    [InlineData(100, 128)]
    public void Replace_changes_the_chosen_share_of_tokens(int percent, int changed)
    {
        var tokens = Enumerable.Range(0, 128).Select(i => 10 + i % 90).ToArray();

        var replaced = SpeculativeBenchmark.Replace(tokens, percent, 512);

        Assert.Equal(tokens.Length, replaced.Count);
        Assert.Equal(changed, tokens.Zip(replaced).Count(p => p.First != p.Second));
        Assert.All(replaced, id => Assert.InRange(id, 0, 511));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6 }, 0.0)]
    [InlineData(new[] { 1, 2, 1, 2, 1, 2, 1, 2 }, 0.5)]
    [InlineData(new int[0], 0.0)]
    public void Self_repetition_counts_tokens_prompt_lookup_would_have_drafted(int[] tokens, double expected) =>
        Assert.Equal(expected, SpeculativeBenchmark.SelfRepetition(tokens), 3);
}
