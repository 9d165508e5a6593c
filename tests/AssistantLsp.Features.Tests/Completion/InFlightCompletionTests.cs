using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Features.Tests.Completion;

/// <summary>Type-ahead on in-flight generations and the time budgets (real GenAI engine, scripted models).</summary>
public sealed class InFlightCompletionTests
{
    private const string Uri = "file:///work/src/Calc.cs";
    private const string Code = "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private static readonly int Cursor = Code.IndexOf("        \n", StringComparison.Ordinal) + 8;

    [Fact]
    public async Task Typing_what_is_being_generated_keeps_that_generation_and_serves_the_rest()
    {
        using var model = Load("return a + b;");
        var service = new InlineCompletionService(new ContextChunkRing());

        // Other work holds the engine, so the generation is still in flight while the user types.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        using var editorCancel = new CancellationTokenSource();
        var first = service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model, editorCancel.Token);
        var typed = Code.Insert(Cursor, "ret");
        service.NoteEdit(Uri, typed, Cursor);
        await editorCancel.CancelAsync(); // the editor cancels the request of the previous key
        var second = service.CompleteAsync(Doc(typed), Cursor + 3, null, FeatureSettings.Default, model, CancellationToken.None);
        release.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var result = await second;
        Assert.NotNull(result);
        Assert.Equal("urn a + b;", result.InsertText);
        Assert.Equal(CompletionSource.TypeAhead, result.Source);
        Assert.Equal(1, service.Stats.ModelCalls);
    }

    [Fact]
    public async Task Typing_something_else_than_is_generated_starts_a_new_generation()
    {
        using var model = Load("return a + b;");
        var service = new InlineCompletionService(new ContextChunkRing());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        _ = service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model, CancellationToken.None);
        var typed = Code.Insert(Cursor, "x");
        var second = service.CompleteAsync(Doc(typed), Cursor + 1, null, FeatureSettings.Default, model, CancellationToken.None);
        release.SetResult();
        await blocker;

        var result = await second;
        Assert.Equal(CompletionSource.Model, result?.Source);
        Assert.Equal("return a + b;", result?.InsertText);
    }

    [Fact]
    public async Task An_edit_that_is_not_typing_into_the_generation_cancels_it()
    {
        using var model = Load("return a + b;");
        var service = new InlineCompletionService(new ContextChunkRing());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var first = service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model, CancellationToken.None);

        service.NoteEdit(Uri, Code.Remove(0, 5), 0);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();
        await blocker;
        Assert.Equal(0, service.Stats.ModelCalls);
    }

    [Fact]
    public async Task When_the_prompt_budget_runs_out_nothing_is_shown_and_the_work_serves_the_next_request()
    {
        using var model = Load("return a + b;");
        var service = new InlineCompletionService(new ContextChunkRing());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var settings = FeatureSettings.Default with { CompletionMaxPromptMs = 0 };

        var timedOut = await service.CompleteAsync(Doc(Code), Cursor, null, settings, model, CancellationToken.None);
        release.SetResult();
        await blocker;
        var next = await service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model, CancellationToken.None);

        Assert.Null(timedOut);
        Assert.Equal("return a + b;", next?.InsertText);
        Assert.Equal(1, service.Stats.ModelCalls);
        Assert.Equal(1, service.Stats.OutOfTime);
        Assert.Equal(0, service.Stats.Dropped);
    }

    [Theory]
    [InlineData("foo();\n  x", CompletionPromptKind.Fim, 7)]
    [InlineData("foo();", CompletionPromptKind.Fim, -1)]
    [InlineData("\n    \n", CompletionPromptKind.Fim, -1)]
    [InlineData("\n    bar();\n", CompletionPromptKind.Fim, 12)]
    [InlineData("```csharp\n", CompletionPromptKind.Chat, -1)]
    [InlineData("```csharp\nfoo();\n", CompletionPromptKind.Chat, 17)]
    [InlineData("</think>\n\nfoo();\n", CompletionPromptKind.Chat, 17)]
    public void A_complete_line_is_one_with_code_that_has_ended(string output, CompletionPromptKind kind, int expectedEnd) =>
        Assert.Equal(expectedEnd, InFlightCompletion.CompleteLineEnd(output, kind));

    [Theory]
    [InlineData("foo();\n  x", CompletionPromptKind.Fim, 7)] // a complete line: up to it
    [InlineData("return comp", CompletionPromptKind.Fim, 7)] // no line: the whole words ("return ")
    [InlineData("total = a + b;", CompletionPromptKind.Fim, 14)] // ends on a word boundary: all of it
    [InlineData("compute_total", CompletionPromptKind.Fim, -1)] // one half-made name: nothing
    [InlineData("   ", CompletionPromptKind.Fim, -1)]
    [InlineData("```csharp\nreturn comp", CompletionPromptKind.Chat, 17)] // chat: the code after the fence
    [InlineData("</think>\n\nx = a + b", CompletionPromptKind.Chat, 18)] // "b" may be half a name
    [InlineData("```csh", CompletionPromptKind.Chat, -1)] // the fence line is not finished: no code yet
    [InlineData("<think>\nLet me see", CompletionPromptKind.Chat, -1)] // reasoning is never code
    public void A_budget_stop_keeps_the_first_line_or_the_whole_words_so_far(string output, CompletionPromptKind kind, int expectedCut) =>
        Assert.Equal(expectedCut, InFlightCompletion.BudgetCut(output, kind));

    [Fact]
    public async Task When_the_prediction_budget_runs_out_mid_line_the_words_so_far_are_shown()
    {
        // No line break ever comes (as from a model that writes one long line): the budget still ends it.
        const string script = "var total = first + second + third + fourth + fifth + sixth + seventh + eighth";
        using var model = Load(script);
        var unlimited = await new InlineCompletionService(new ContextChunkRing()).CompleteAsync(
            Doc(Code), Cursor, null, FeatureSettings.Default with { CompletionMaxLines = 20 }, model, CancellationToken.None);
        var budgeted = await new InlineCompletionService(new ContextChunkRing()).CompleteAsync(
            Doc(Code), Cursor, null, FeatureSettings.Default with { CompletionMaxLines = 20, CompletionMaxPredictMs = 0 }, model, CancellationToken.None);

        Assert.Equal(script, unlimited?.InsertText);
        Assert.NotNull(budgeted);
        Assert.True(budgeted.Stats!.GeneratedTokens < unlimited!.Stats!.GeneratedTokens);
        // Stopped after its first token: whatever whole words that token held, never half a name.
        var shown = budgeted.InsertText;
        Assert.StartsWith(shown.TrimEnd(), script, StringComparison.Ordinal);
        Assert.True(shown.TrimEnd().Length < script.Length);
        Assert.True(script.Length == shown.TrimEnd().Length || !char.IsLetterOrDigit(script[shown.TrimEnd().Length]) || !char.IsLetterOrDigit(shown.TrimEnd()[^1]));
    }

    private static TextDocument Doc(string text) => new(Uri, "csharp", 1, text);

    private static ScriptedCompletionModel Load(string script) => ScriptedCompletionModel.Load(script, withFim: true, withThink: false);
}
