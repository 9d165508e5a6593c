using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.Inference.Tests.OnnxGenAi;

namespace AssistantLsp.Inference.Tests.Scheduling;

/// <summary>Inline completion preempts a running explain at a token boundary (real ONNX GenAI engine, random model, greedy).</summary>
[Collection(TestModelsCollection.Name)]
public sealed class PreemptionTests
{
    [Fact]
    public async Task A_completion_runs_inside_an_explain_which_then_resumes_with_no_token_lost_or_repeated()
    {
        using var engine = TestModels.Load(TestModels.Random);
        await using var scheduler = new GenerationScheduler(engine);
        var explainPrompt = engine.Encode("<｜User｜>Explain the loop.<｜Assistant｜><think>\n");
        var completionPrompt = engine.Encode("for (int i = 0;");
        var streamed = new List<int>();
        Task<GenerationResult>? completion = null;
        PreemptibleEngine? preemptible = null;

        var explain = scheduler.RunAsync(GenerationPriority.Explain, null, (e, ct) => (preemptible = (PreemptibleEngine)e).GenerateAsync(
            new GenerationRequest(explainPrompt, new GenerationOptions { MaxNewTokens = 40 }),
            token =>
            {
                streamed.Add(token.Id);
                if (streamed.Count == 10)
                {
                    completion = scheduler.RunAsync(GenerationPriority.InlineCompletion, "doc", (ce, cct) => ce.GenerateAsync(
                        new GenerationRequest(completionPrompt, new GenerationOptions { MaxNewTokens = 8 }), null, cct), CancellationToken.None);
                }

                return TokenDecision.Continue;
            },
            ct), CancellationToken.None);

        var result = await explain;
        var completed = await completion!;

        Assert.True(preemptible?.Preemptions >= 1, "the explain yielded to the completion");
        var expected = ReferenceTransformer.Greedy(TestModels.Random.Weights, explainPrompt, 40);
        Assert.Equal(expected, result.TokenIds);
        Assert.Equal(expected, streamed);
        Assert.Equal(engine.Decode(expected), result.Text);
        Assert.Equal(ReferenceTransformer.Greedy(TestModels.Random.Weights, completionPrompt, 8), completed.TokenIds);
    }

    [Fact]
    public async Task A_preempted_reasoning_stream_is_complete_and_ordered()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        await using var scheduler = new GenerationScheduler(engine);
        var generator = new ScheduledReasoning(scheduler);
        var request = new ReasoningRequest("Say hello.", new ReasoningOptions { Temperature = 0 });
        var uninterrupted = await generator.GenerateAsync(request, null, CancellationToken.None);

        var segments = new List<ThinkSegment>();
        Task<GenerationResult>? completion = null;
        var result = await generator.GenerateAsync(request, segment =>
        {
            segments.Add(segment);
            if (segments.Count == 3)
            {
                completion = scheduler.RunAsync(GenerationPriority.InlineCompletion, "doc", (e, ct) => e.GenerateAsync(
                    new GenerationRequest(e.Encode("x = "), new GenerationOptions { MaxNewTokens = 4 }), null, ct), CancellationToken.None);
            }
        }, CancellationToken.None);

        Assert.NotNull(completion);
        Assert.True(completion.IsCompletedSuccessfully);
        Assert.Equal(uninterrupted.Reasoning, result.Reasoning);
        Assert.Equal(uninterrupted.Answer, result.Answer);
        Assert.Equal(uninterrupted.Reasoning, string.Concat(segments.Where(s => s.Kind == ThinkSegmentKind.Reasoning).Select(s => s.Text)));
        Assert.Equal(uninterrupted.Answer, string.Concat(segments.Where(s => s.Kind == ThinkSegmentKind.Answer).Select(s => s.Text)));
    }
}
