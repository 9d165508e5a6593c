using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>Prefill work survives cancellation (llama.cpp engine, random GGUF test model, greedy).</summary>
public sealed class LlamaPrefillAcrossCancellationTests : IDisposable
{
    private const string LongText = "<｜User｜>The quick brown fox jumps over the lazy dog, then keeps running until the river bends.<｜Assistant｜>";

    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Completion_after_a_cancelled_partial_prefill_is_exactly_a_cold_run(int editedTailTokens)
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 5));
        using var engine = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        engine.Sequence.PrefillChunk = 4;
        var first = engine.Encode(LongText);
        Assert.True(first.Count > 16, $"prompt of {first.Count} tokens");
        var second = first.Take(first.Count - editedTailTokens).Concat(editedTailTokens == 0 ? [] : engine.Encode(" and stops.")).ToList();
        using var cancel = new CancellationTokenSource();
        engine.Sequence.ChunkPrefilled = done =>
        {
            if (done >= 8)
            {
                cancel.Cancel();
            }
        };

        var options = new GenerationOptions { MaxNewTokens = 16 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(new GenerationRequest(first, options), null, cancel.Token));
        engine.Sequence.ChunkPrefilled = null;
        Assert.Equal(8, engine.Sequence.Count);
        var warm = await engine.GenerateAsync(new GenerationRequest(second, options), null, CancellationToken.None);
        using var fresh = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        var cold = await fresh.GenerateAsync(new GenerationRequest(second, options), null, CancellationToken.None);

        Assert.Equal(8, warm.Stats.ReusedPromptTokens);
        Assert.Equal(cold.TokenIds, warm.TokenIds);
    }
}
