using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>The reasoning generator and scheduler, unchanged, above the real llama.cpp engine.</summary>
public sealed class LlamaCppEngineReasoningTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public async Task Reasoning_generator_splits_the_scripted_models_reasoning_from_its_answer()
    {
        using var engine = _models.Load(GgufTestModelSpec.Scripted("Let me think.\nThe user wants 42.\n</think>\n\nThe answer is 42."));
        var segments = new List<ThinkSegment>();
        var options = new ReasoningOptions { Temperature = 0, MaxThinkingTokens = 200, MaxAnswerTokens = 100 };

        var result = await EngineReasoningRun.RunAsync(engine, new ReasoningRequest("What is 6 x 7?", options), segments.Add, CancellationToken.None);

        Assert.Equal("Let me think.\nThe user wants 42.", result.Reasoning);
        Assert.Equal("The answer is 42.", result.Answer);
        Assert.True(result.ReasoningClosed);
        Assert.False(result.ThinkingBudgetExhausted);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(result.Answer, string.Concat(segments.Where(s => s.Kind == ThinkSegmentKind.Answer).Select(s => s.Text)));
        Assert.True(result.Stats.ReasoningTokens > 3);
        Assert.True(result.Stats.AnswerTokens > 3);
    }

    [Fact]
    public async Task Reasoning_budget_forces_the_answer_through_the_scheduler()
    {
        const string script = "I keep thinking and thinking about it.";
        using var engine = _models.Load(GgufTestModelSpec.Scripted(script));
        await using var scheduler = new GenerationScheduler(engine);
        var generator = new ScheduledReasoning(scheduler);
        var options = new ReasoningOptions { Temperature = 0, MaxThinkingTokens = 4, MaxAnswerTokens = 200 };

        var result = await generator.GenerateAsync(new ReasoningRequest("Q", options), null, CancellationToken.None);

        Assert.True(result.ThinkingBudgetExhausted);
        Assert.Equal(4, result.Stats.ReasoningTokens);
        Assert.StartsWith(result.Reasoning, script, StringComparison.Ordinal);

        // After the forced "</think>", the scripted model starts its script again as the answer.
        Assert.Equal(script, result.Answer);
    }
}
