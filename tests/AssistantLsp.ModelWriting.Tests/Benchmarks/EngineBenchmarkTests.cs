using AssistantLsp.Inference.Engine;
using AssistantLsp.ModelWriting.Benchmarks;

namespace AssistantLsp.ModelWriting.Tests.Benchmarks;

public sealed class EngineBenchmarkTests
{
    public static TheoryData<double[], double> Medians() => new()
    {
        { [3], 3 },
        { [5, 1, 3], 3 },
        { [4, 1, 3, 2], 2.5 },
        { [double.NaN, 2, 4], 3 },
    };

    [Theory]
    [MemberData(nameof(Medians))]
    public void Median_of_the_finite_values(double[] values, double expected) =>
        Assert.Equal(expected, EngineFigures.Median(values), 9);

    [Fact]
    public void Median_of_nothing_is_not_a_number() => Assert.True(double.IsNaN(EngineFigures.Median([double.NaN])));

    [Fact]
    public void Prefill_rate_uses_time_to_first_token_and_decode_rate_the_rest()
    {
        var run = EngineRun.From(new GenerationStats(512, 0, 129, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), 0));

        Assert.Equal(128, run.PrefillTokensPerSecond, 9);
        Assert.Equal(32, run.DecodeTokensPerSecond, 9);
    }

    [Fact]
    public void One_token_has_no_decode_rate() =>
        Assert.True(double.IsNaN(EngineRun.From(new GenerationStats(10, 0, 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0)).DecodeTokensPerSecond));

    [Fact]
    public void Prompts_are_reproducible_and_never_share_a_first_token()
    {
        var prompts = Enumerable.Range(0, 10).Select(run => EngineBenchmark.Prompt(run, 512)).ToList();

        Assert.Equal(prompts[3], EngineBenchmark.Prompt(3, 512));
        Assert.Equal(10, prompts.Select(p => p[0]).Distinct().Count());
        Assert.All(prompts, p => Assert.Equal(512, p.Length));
    }
}
