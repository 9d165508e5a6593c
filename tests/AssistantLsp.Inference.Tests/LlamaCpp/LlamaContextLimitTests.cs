using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>model.contextTokens bounds the llama.cpp context (the engine's own figures).</summary>
public sealed class LlamaContextLimitTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task The_context_is_capped_below_the_models_maximum_and_generation_stops_there()
    {
        // llama.cpp pads contexts to multiples of 256, so the cap is one.
        var file = _models.Write(GgufTestModelSpec.Random(seed: 2) with { ContextLength = 2048 });
        using var unlimited = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        using var engine = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions with { MaxContextSize = 256 });
        var prompt = engine.Encode(string.Concat(Enumerable.Range(0, 200).Select(i => $"{i} ")));

        var result = await engine.GenerateAsync(new GenerationRequest(prompt.Take(200).ToList(), new GenerationOptions { MaxNewTokens = 100, StopStrings = [] }), null, CancellationToken.None);

        Assert.True(prompt.Count > 256, $"{prompt.Count} tokens");
        Assert.Equal(2048, unlimited.Model.ContextLength);
        Assert.Equal(256, engine.Model.ContextLength);
        Assert.True(200 + result.TokenIds.Count <= 256, $"200 + {result.TokenIds.Count}");
        await Assert.ThrowsAnyAsync<ArgumentException>(() => engine.GenerateAsync(
            new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = 1 }), null, CancellationToken.None));
    }
}
