using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>Inline completion preempts an explain on the llama.cpp engine; both give exactly their cold-run tokens.</summary>
public sealed class LlamaPreemptionTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task A_preempted_generation_resumes_with_exactly_the_tokens_of_an_uninterrupted_run()
    {
        var file = _models.Write(GgufTestModelSpec.Random(seed: 9));
        var explainOptions = new GenerationOptions { MaxNewTokens = 30, StopStrings = [] };
        var completionOptions = new GenerationOptions { MaxNewTokens = 6, StopStrings = [] };
        GenerationResult coldExplain, coldCompletion;
        using (var fresh = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions))
        {
            var explainPrompt = fresh.Encode("<｜User｜>Explain the loop, please.<｜Assistant｜>");
            coldExplain = await fresh.GenerateAsync(new GenerationRequest(explainPrompt, explainOptions), null, CancellationToken.None);
        }

        using (var fresh = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions))
        {
            coldCompletion = await fresh.GenerateAsync(new GenerationRequest(fresh.Encode("for (int i = 0;"), completionOptions), null, CancellationToken.None);
        }

        using var engine = LlamaCppEngine.Load(file, GgufModelFolder.TestOptions);
        await using var scheduler = new GenerationScheduler(engine);
        var streamed = new List<int>();
        Task<GenerationResult>? completion = null;
        PreemptibleEngine? preemptible = null;
        var explain = await scheduler.RunAsync(GenerationPriority.Explain, null, (e, ct) => (preemptible = (PreemptibleEngine)e).GenerateAsync(
            new GenerationRequest(e.Encode("<｜User｜>Explain the loop, please.<｜Assistant｜>"), explainOptions),
            token =>
            {
                streamed.Add(token.Id);
                if (streamed.Count == 5)
                {
                    completion = scheduler.RunAsync(GenerationPriority.InlineCompletion, "doc", (ce, cct) => ce.GenerateAsync(
                        new GenerationRequest(ce.Encode("for (int i = 0;"), completionOptions), null, cct), CancellationToken.None);
                }

                return TokenDecision.Continue;
            },
            ct), CancellationToken.None);

        Assert.NotNull(completion);
        Assert.True(preemptible?.Preemptions >= 1, "the explain yielded to the completion");
        Assert.True(completion.IsCompletedSuccessfully, "the completion ran inside the explain's turn");
        Assert.Equal(coldCompletion.TokenIds, (await completion).TokenIds);
        Assert.Equal(coldExplain.TokenIds, explain.TokenIds);
        Assert.Equal(coldExplain.TokenIds, streamed);
        Assert.Equal(coldExplain.Text, explain.Text);
    }
}
