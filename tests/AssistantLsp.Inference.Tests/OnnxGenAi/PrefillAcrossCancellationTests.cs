using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

/// <summary>Prefill work survives cancellation and sampling changes (ONNX GenAI engine, random test model, greedy).</summary>
[Collection(TestModelsCollection.Name)]
public sealed class PrefillAcrossCancellationTests
{
    private const string LongText = "The quick brown fox jumps over the lazy dog, then keeps running until the river bends.";

    private static GenerationOptions Greedy(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens };

    [Fact]
    public async Task Completion_after_a_cancelled_partial_prefill_keeps_the_finished_chunks_and_is_exact()
    {
        using var engine = TestModels.Load(TestModels.Random);
        engine.Cache.PrefillChunk = 4;
        var prompt = engine.Encode(LongText);
        Assert.True(prompt.Count > 12, $"prompt of {prompt.Count} tokens");
        using var cancel = new CancellationTokenSource();
        engine.Cache.ChunkPrefilled = done =>
        {
            if (done >= 8)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(new GenerationRequest(prompt, Greedy(10)), null, cancel.Token));
        engine.Cache.ChunkPrefilled = null;
        var result = await engine.GenerateAsync(new GenerationRequest(prompt, Greedy(12)), null, CancellationToken.None);

        Assert.Equal(8, result.Stats.ReusedPromptTokens);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, prompt, 12), result.TokenIds);
    }

    [Fact]
    public async Task A_superseding_prompt_reuses_the_chunks_its_predecessor_finished()
    {
        using var engine = TestModels.Load(TestModels.Random);
        engine.Cache.PrefillChunk = 4;
        var first = engine.Encode(LongText);
        var edited = first.Take(14).Concat(engine.Encode(" and stops.")).ToList();
        using var cancel = new CancellationTokenSource();
        engine.Cache.ChunkPrefilled = done =>
        {
            if (done >= 12)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.GenerateAsync(new GenerationRequest(first, Greedy(10)), null, cancel.Token));
        engine.Cache.ChunkPrefilled = null;
        var result = await engine.GenerateAsync(new GenerationRequest(edited, Greedy(12)), null, CancellationToken.None);

        Assert.Equal(12, result.Stats.ReusedPromptTokens);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, edited, 12), result.TokenIds);
    }

    [Fact]
    public async Task Greedy_and_sampled_requests_keep_separate_caches()
    {
        using var engine = TestModels.Load(TestModels.Random);
        var completion = engine.Encode(LongText);
        var explain = engine.Encode("<｜User｜>Explain the fox.<｜Assistant｜><think>\n");
        await engine.GenerateAsync(new GenerationRequest(completion, Greedy(4)), null, CancellationToken.None);

        var sampledOptions = new GenerationOptions { MaxNewTokens = 4, Temperature = 0.6f, TopP = 0.95f };
        var sampled = await engine.GenerateAsync(new GenerationRequest(explain, sampledOptions), null, CancellationToken.None);
        var greedyAgain = await engine.GenerateAsync(new GenerationRequest(completion, Greedy(6)), null, CancellationToken.None);
        var sampledAgain = await engine.GenerateAsync(new GenerationRequest(explain, sampledOptions), null, CancellationToken.None);

        Assert.Equal(0, sampled.Stats.ReusedPromptTokens);
        Assert.Equal(completion.Count - 1, greedyAgain.Stats.ReusedPromptTokens);
        Assert.Equal(explain.Count - 1, sampledAgain.Stats.ReusedPromptTokens);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, completion, 6), greedyAgain.TokenIds);
        Assert.Equal(2, engine.Cache.LiveGenerators);
    }
}
