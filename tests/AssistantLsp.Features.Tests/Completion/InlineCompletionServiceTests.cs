using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Features.Tests.Completion;

/// <summary>The service end to end on real generated models (real GenAI engine, scripted output).</summary>
public sealed class InlineCompletionServiceTests
{
    private const string Uri = "file:///work/src/Calc.cs";
    private const string Code = "class Calc\n{\n    int Add(int a, int b)\n    {\n        \n    }\n}\n";
    private static readonly int Cursor = Code.IndexOf("        \n", StringComparison.Ordinal) + 8;

    private static async Task<(InlineCompletionService Service, InlineCompletionResult? Result)> CompleteOnceAsync(
        string script, bool withFim, FeatureSettings? settings = null, bool withThink = true)
    {
        using var model = Load(script, withFim, withThink);
        var service = new InlineCompletionService(new ContextChunkRing());
        var result = await service.CompleteAsync(Doc(Code), Cursor, null, settings ?? FeatureSettings.Default, model.Loaded, CancellationToken.None);
        return (service, result);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fim_and_r1_chat_prompts_give_the_scripted_code(bool withFim)
    {
        var (service, result) = await CompleteOnceAsync("return a + b;", withFim);
        Assert.NotNull(result);
        Assert.Equal("return a + b;", result.InsertText);
        Assert.Equal(Cursor, result.ReplaceStartOffset);
        Assert.Equal(CompletionSource.Model, result.Source);
        Assert.Equal(1, service.Stats.ModelCalls);
        Assert.Equal(1, service.Stats.Shown);
    }

    [Fact]
    public async Task Fim_generation_stops_once_no_more_lines_can_be_used()
    {
        var script = "var sum = a + b;\n        return sum;\n        // one\n        // two\n        // three\n        // four\n";
        var settings = FeatureSettings.Default with { CompletionMaxLines = 2 };
        // A coder model (FIM tokens, no think tokens) stops early; a reasoning model must finish.
        var (_, full) = await CompleteOnceAsync(script, withFim: true, FeatureSettings.Default with { CompletionMaxLines = 20 }, withThink: false);
        var (_, early) = await CompleteOnceAsync(script, withFim: true, settings, withThink: false);
        var (_, thinker) = await CompleteOnceAsync(script, withFim: true, settings, withThink: true);

        Assert.NotNull(full);
        Assert.NotNull(early);
        Assert.NotNull(thinker);
        Assert.Equal("var sum = a + b;\n        return sum;", early.InsertText);
        Assert.Equal(early.InsertText, thinker.InsertText);
        Assert.True(early.Stats!.GeneratedTokens < full.Stats!.GeneratedTokens, $"{early.Stats.GeneratedTokens} vs {full.Stats.GeneratedTokens}");
        Assert.Equal(full.Stats.GeneratedTokens, thinker.Stats!.GeneratedTokens);
    }

    [Fact]
    public async Task A_model_that_can_think_is_never_stopped_before_its_reasoning_closes()
    {
        // FIM prompt, but the model reasons first: stopping at the first lines would hand reasoning to the editor.
        var (_, result) = await CompleteOnceAsync("weighing options\nstill thinking\n</think>\nreturn a + b;", withFim: true,
            FeatureSettings.Default with { CompletionMaxLines = 1 });
        Assert.NotNull(result);
        Assert.Equal("return a + b;", result.InsertText);
    }

    [Fact]
    public async Task Reasoning_before_the_code_never_reaches_the_editor()
    {
        var (_, result) = await CompleteOnceAsync("<think>\nthe sum of a and b</think>\nreturn a + b;", withFim: false);
        Assert.NotNull(result);
        Assert.Equal("return a + b;", result.InsertText);
    }

    [Fact]
    public async Task Only_reasoning_gives_no_suggestion_and_counts_a_drop()
    {
        var (service, result) = await CompleteOnceAsync("<think>\nhmm, what to write", withFim: false);
        Assert.Null(result);
        Assert.Equal(1, service.Stats.Dropped);
        Assert.Equal(1, service.Stats.DropReasons![CompletionDropReason.OnlyReasoning]);
        Assert.Equal(0, service.Stats.OutOfTime);
    }

    [Fact]
    public async Task Disabled_completion_returns_nothing_without_the_model()
    {
        var (service, result) = await CompleteOnceAsync("return a + b;", withFim: true, FeatureSettings.Default with { CompletionEnabled = false });
        Assert.Null(result);
        Assert.Equal(0, service.Stats.ModelCalls);
    }

    [Fact]
    public async Task Same_place_and_typed_ahead_are_served_from_the_cache_without_a_model_call()
    {
        using var model = Load("return a + b;", withFim: true);
        var service = new InlineCompletionService(new ContextChunkRing());
        var first = await service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        Assert.NotNull(first);

        var again = await service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        Assert.Equal(CompletionSource.Cache, again?.Source);
        Assert.Equal("return a + b;", again?.InsertText);

        var typed = Code.Insert(Cursor, "retu");
        var ahead = await service.CompleteAsync(Doc(typed), Cursor + 4, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        Assert.Equal(CompletionSource.TypeAhead, ahead?.Source);
        Assert.Equal("rn a + b;", ahead?.InsertText);
        Assert.Equal(Cursor + 4, ahead?.ReplaceStartOffset);

        var stats = service.Stats;
        Assert.Equal(1, stats.ModelCalls);
        Assert.Equal(1, stats.CacheHits);
        Assert.Equal(1, stats.TypeAheadHits);
        Assert.Equal(3, stats.Shown);
    }

    [Fact]
    public async Task A_newer_request_for_the_same_document_supersedes_the_older()
    {
        using var model = Load("return a + b;", withFim: true);
        var service = new InlineCompletionService(new ContextChunkRing());

        // Other work holds the engine, so the first request is still waiting when the second comes.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Loaded.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        var first = service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        // An edit elsewhere (not typing at the first cursor), so the first generation cannot serve it.
        var second = service.CompleteAsync(Doc(Code.Insert(0, "// x\n")), Cursor + 5, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();
        await blocker;
        Assert.NotNull(await second);
        Assert.Equal(1, service.Stats.ModelCalls);
    }

    [Fact]
    public async Task The_callers_token_cancels_a_waiting_request_and_the_generation_serves_the_next_one()
    {
        using var model = Load("return a + b;", withFim: true);
        var service = new InlineCompletionService(new ContextChunkRing());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = model.Loaded.Scheduler.RunAsync(GenerationPriority.Explain, null, async (_, ct) => { await release.Task.WaitAsync(ct); return 0; }, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var request = service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        release.SetResult();
        await blocker;

        // The editor asks again at the same place: the generation the cancelled request started answers it.
        var again = await service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        Assert.Equal("return a + b;", again?.InsertText);
        Assert.Equal(1, service.Stats.ModelCalls);
    }

    [Fact]
    public async Task Other_documents_in_the_ring_go_into_the_prompt_and_the_own_one_does_not()
    {
        using var model = Load("return a + b;", withFim: true);
        var ring = new ContextChunkRing();
        var workspace = new WorkspacePaths();
        workspace.SetRoots(["file:///work"]);
        var service = new InlineCompletionService(ring, workspace: workspace);
        service.NoteEdit("file:///work/src/Other.cs", "class Other { int Twice(int x) => 2 * x; }", 0);
        service.NoteEdit(Uri, Code, Cursor);
        var result = await service.CompleteAsync(Doc(Code), Cursor, null, FeatureSettings.Default, model.Loaded, CancellationToken.None);
        Assert.NotNull(result);
        Assert.Equal(2, ring.Count);

        var prompt = service.BuildPrompt(Doc(Code), Cursor, FeatureSettings.Default, model.Loaded.Engine);
        Assert.Contains("Twice", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("src/Calc.cs", prompt.Text, StringComparison.Ordinal); // workspace-relative, not the full path
        Assert.DoesNotContain("/work/src/Calc.cs", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("src/Other.cs", prompt.Text, StringComparison.Ordinal); // other documents too
        Assert.DoesNotContain("/work/src/Other.cs", prompt.Text, StringComparison.Ordinal);
        Assert.Equal(["src/Other.cs"], prompt.ContextPaths);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_edit_or_close_of_the_document_cancels_a_watch_taken_before_any_model_work(bool close)
    {
        var service = new InlineCompletionService(new ContextChunkRing());
        using var watch = service.WatchForEdits(Uri, CancellationToken.None);
        using var other = service.WatchForEdits("file:///work/src/Other.cs", CancellationToken.None);

        if (close)
        {
            service.NoteClosed(Uri);
        }
        else
        {
            service.NoteEdit(Uri, Code, 0);
        }

        Assert.True(watch.Token.IsCancellationRequested);
        Assert.False(other.Token.IsCancellationRequested);
    }

    [Fact]
    public void Closing_a_document_drops_its_chunks()
    {
        var service = new InlineCompletionService(new ContextChunkRing());
        service.NoteEdit("file:///work/src/Other.cs", "class Other { }", 0);
        service.NoteEdit(Uri, Code, Cursor);

        service.NoteClosed("file:///work/src/Other.cs");

        Assert.Equal([Uri], service.Context.Snapshot().Select(c => c.DocumentUri));
    }

    private static TextDocument Doc(string text) => new(Uri, "csharp", 1, text);

    private static ScriptedCompletionModel Load(string script, bool withFim, bool withThink = true) => ScriptedCompletionModel.Load(script, withFim, withThink);
}
