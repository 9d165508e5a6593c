using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

public sealed class SamplingSettingsTests
{
    [Fact]
    public void Zero_temperature_is_greedy_whatever_the_other_options()
    {
        var settings = SamplingSettings.From(new GenerationOptions { Temperature = 0f, TopP = 0.5f, TopK = 3, Seed = 9 });

        Assert.Equal(SamplingSettings.Greedy, settings);
        Assert.True(settings.AllowsReuse);
    }

    [Fact]
    public void Seeded_sampling_never_reuses_a_generator_but_unseeded_sampling_does()
    {
        var seeded = SamplingSettings.From(new GenerationOptions { Temperature = 0.6f, TopP = 0.95f, Seed = 1 });
        var unseeded = SamplingSettings.From(new GenerationOptions { Temperature = 0.6f, TopP = 0.95f });

        Assert.True(seeded.Sample);
        Assert.False(seeded.AllowsReuse);
        Assert.True(unseeded.AllowsReuse);
    }

    [Fact]
    public void Out_of_range_top_p_and_top_k_are_clamped()
    {
        var settings = SamplingSettings.From(new GenerationOptions { Temperature = 1f, TopP = 3f, TopK = -4 });

        Assert.Equal(1f, settings.TopP);
        Assert.Equal(0, settings.TopK);
    }
}
