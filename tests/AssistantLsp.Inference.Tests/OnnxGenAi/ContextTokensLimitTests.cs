using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

/// <summary>model.contextTokens bounds the context the engine sizes its KV cache for (the engine's own figures).</summary>
[Collection(TestModelsCollection.Name)]
public sealed class ContextTokensLimitTests
{
    [Fact]
    public async Task The_context_is_capped_below_the_models_maximum_and_generation_stops_there()
    {
        using var unlimited = TestModels.Load(TestModels.Random);
        using var engine = OnnxGenAiEngine.Load(TestModels.Random.Directory, "cpu", contextTokens: 24);
        var prompt = engine.Encode("0123456789");

        var result = await engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 100 }), null, CancellationToken.None);

        Assert.True(unlimited.Model.ContextLength > 24);
        Assert.Equal(24, engine.Model.ContextLength);
        Assert.Equal(StopReason.ContextFull, result.StopReason);
        Assert.True(prompt.Count + result.TokenIds.Count <= 24, $"{prompt.Count} + {result.TokenIds.Count}");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => engine.GenerateAsync(
            new GenerationRequest(engine.Encode(new string('x', 200)), new GenerationOptions { MaxNewTokens = 1 }), null, CancellationToken.None));
    }

    [Fact]
    public void A_limit_above_the_models_maximum_keeps_the_maximum()
    {
        using var unlimited = TestModels.Load(TestModels.Random);
        using var engine = OnnxGenAiEngine.Load(TestModels.Random.Directory, "cpu", contextTokens: 1 << 20);

        Assert.Equal(unlimited.Model.ContextLength, engine.Model.ContextLength);
    }
}
