using System.Collections.Concurrent;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Hosting;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Features.Completion;

/// <summary>
/// Inline completion from cursor to suggestion: the cache first (exact place or type-ahead, no
/// model call), else a prompt (FIM or R1 chat, chosen from the model's tokens) with chunks of other
/// documents as extra context, one greedy generation through the scheduler (a newer request for the
/// same document supersedes this one), post-processing, and the result cached. Thread-safe.
/// </summary>
public sealed class InlineCompletionService
{
    /// <summary>Tokens kept free between the prompt and the model's context end besides the new tokens.</summary>
    private const int ContextMargin = 8;

    /// <summary>
    /// How long a completion waits for a remote server's first token (explain waits the engine's
    /// long default): a busy server fails the keystroke's request fast with a clear error rather
    /// than stalling typing. A constant until per-request latency settings exist.
    /// </summary>
    public static readonly TimeSpan FirstTokenTimeout = TimeSpan.FromSeconds(5);

    private readonly CompletionCache _cache;
    private long _requests;
    private long _shown;
    private long _accepted;
    private long _cacheHits;
    private long _typeAheadHits;
    private long _modelCalls;
    private long _dropped;
    private long _promptTokens;
    private long _reusedPromptTokens;

    private readonly WorkspacePaths _workspace;

    /// <summary>Every in-flight request's source and its document; an edit or close of it cancels them (see <see cref="CancelStale"/>).</summary>
    private readonly ConcurrentDictionary<CancellationTokenSource, string> _inFlight = new();

    public InlineCompletionService(ContextChunkRing context, CompletionCache? cache = null, WorkspacePaths? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _workspace = workspace ?? new WorkspacePaths();
        Context = context;
        _cache = cache ?? new CompletionCache();
    }

    /// <summary>Chunks of other open or recently edited documents; text sync feeds it.</summary>
    public ContextChunkRing Context { get; }

    public InlineCompletionStats Stats => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _shown),
        Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _cacheHits),
        Interlocked.Read(ref _typeAheadHits),
        Interlocked.Read(ref _modelCalls),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _promptTokens),
        Interlocked.Read(ref _reusedPromptTokens));

    /// <summary>The editor reported that the user accepted a suggestion.</summary>
    public void RecordAccepted() => Interlocked.Increment(ref _accepted);

    /// <summary>Notes that a document was opened or edited near <paramref name="offset"/>, as context for other documents.</summary>
    public void NoteEdit(string uri, string text, int offset)
    {
        CancelStale(uri);
        Context.AddAround(_workspace.RelativePath(uri), text, offset, documentUri: uri);
    }

    /// <summary>The document was closed: its in-flight suggestions are void and its chunks leave the context ring.</summary>
    public void NoteClosed(string uri)
    {
        CancelStale(uri);
        Context.Remove(uri);
    }

    /// <summary>An edit makes every in-flight suggestion for that document stale: cancel them now.</summary>
    public void CancelStale(string uri)
    {
        foreach (var (source, document) in _inFlight)
        {
            if (document == uri && _inFlight.TryRemove(source, out _))
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The request ended between the lookup and the cancel: nothing left to stop.
                }
            }
        }
    }

    /// <summary>
    /// A token cancelled by <paramref name="cancellationToken"/> or by the next edit or close of the
    /// document. Callers take it before any slow step (model wait, prompt building), so an edit in
    /// that window cancels the request too; dispose it when the request ends.
    /// </summary>
    public StaleOnEdit WatchForEdits(string uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _inFlight[source] = uri;
        return new StaleOnEdit(source, () => _inFlight.TryRemove(source, out _));
    }

    /// <summary>
    /// A suggestion at <paramref name="cursorOffset"/>, or null when there is none (disabled, or the
    /// model's output was dropped). Cancelled (OperationCanceledException) by the token or when a
    /// newer request for the same document supersedes it.
    /// </summary>
    public async Task<InlineCompletionResult?> CompleteAsync(
        TextDocument document,
        int cursorOffset,
        SelectedCompletion? selected,
        AssistantSettings settings,
        LoadedModel model,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(cursorOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cursorOffset, document.Text.Length);
        cancellationToken.ThrowIfCancellationRequested();
        if (!settings.CompletionEnabled)
        {
            return null;
        }

        Interlocked.Increment(ref _requests);

        // A selected suggest-widget item changes what must be extended: the cache only holds plain insertions.
        if (selected is null && _cache.Get(document.Uri, document.Text, cursorOffset) is { } cached)
        {
            Interlocked.Increment(ref cached.TypedChars > 0 ? ref _typeAheadHits : ref _cacheHits);
            Interlocked.Increment(ref _shown);
            return new InlineCompletionResult(cached.Text, cursorOffset, cached.TypedChars > 0 ? CompletionSource.TypeAhead : CompletionSource.Cache, null);
        }

        using var staleOnEdit = WatchForEdits(document.Uri, cancellationToken);
        var engine = model.Engine;
        var prompt = BuildPrompt(document, cursorOffset, settings, engine);
        var promptTokens = engine.Encode(prompt.Text);
        var options = new GenerationOptions
        {
            MaxNewTokens = settings.CompletionMaxTokens,
            Temperature = 0,
            StopStrings = prompt.StopTexts,
            FirstTokenTimeout = FirstTokenTimeout,
        };

        // Only a model that cannot think may stop early: reasoning is recognised only once </think> came.
        var earlyStop = prompt.Kind == CompletionPromptKind.Fim && engine.Model.Tokens.ThinkEnd is null
            ? CompletionEarlyStop.For(document.Text, cursorOffset, settings.CompletionMaxLines)
            : null;
        staleOnEdit.Token.ThrowIfCancellationRequested();
        var generation = await model.Scheduler.RunAsync(
            GenerationPriority.InlineCompletion,
            document.Uri,
            (e, ct) => e.GenerateAsync(new GenerationRequest(promptTokens, options), earlyStop is null ? null : earlyStop.OnToken, ct),
            staleOnEdit.Token).ConfigureAwait(false);

        Interlocked.Increment(ref _modelCalls);
        Interlocked.Add(ref _promptTokens, generation.Stats.PromptTokens);
        Interlocked.Add(ref _reusedPromptTokens, generation.Stats.ReusedPromptTokens);

        var processed = CompletionPostProcessor.Process(
            generation.Text,
            document.Text,
            cursorOffset,
            Math.Max(1, settings.CompletionMaxLines),
            PostProcessOptions(prompt, document.LanguageId, engine.Model.Tokens),
            selected);
        if (processed.InsertText is not { } insert)
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }

        if (selected is null)
        {
            _cache.Put(document.Uri, document.Text, cursorOffset, insert);
        }

        Interlocked.Increment(ref _shown);
        return new InlineCompletionResult(insert, processed.ReplaceStartOffset, CompletionSource.Model, generation.Stats);
    }

    /// <summary>The prompt a request at <paramref name="cursorOffset"/> would run (public for the completion benchmark).</summary>
    public CompletionPrompt BuildPrompt(TextDocument document, int cursorOffset, AssistantSettings settings, IInferenceEngine engine)
    {
        int CountTokens(string text) => engine.CountTokens(text);

        // The prompt and the new tokens must fit the model's context.
        var room = engine.Model.ContextLength - settings.CompletionMaxTokens - ContextMargin;
        var budget = Math.Min(settings.CompletionContextTokens, room);
        if (budget <= 0)
        {
            throw new InvalidOperationException(
                $"completion.maxTokens ({settings.CompletionMaxTokens}) leaves no room for a prompt in the model's context of {engine.Model.ContextLength} tokens.");
        }

        var builder = CompletionPromptBuilderFactory.Create(engine.Model, CountTokens);
        var request = new CompletionPromptRequest(document.Text, cursorOffset, document.LanguageId, _workspace.RelativePath(document.Uri))
        {
            // At most a third of the budget for other documents; the builder keeps those that fit after the document.
            ExtraContext = Context.Pick(budget / 3, CountTokens, excludePath: document.Uri),
            ContextTokens = budget,
        };
        try
        {
            return builder.Build(request);
        }
        catch (PromptTooLargeException ex)
        {
            throw new InvalidOperationException($"The completion prompt does not fit completion.contextTokens ({budget}): {ex.Message}", ex);
        }
    }

    private static CompletionPostProcessOptions PostProcessOptions(CompletionPrompt prompt, string languageId, SpecialTokens tokens)
    {
        var options = CompletionPostProcessOptions.ForPrompt(prompt, languageId);
        return options with
        {
            ThinkStart = tokens.ThinkStart ?? options.ThinkStart,
            ThinkEnd = tokens.ThinkEnd ?? options.ThinkEnd,
        };
    }

}

/// <summary>A request's token that the next edit or close of its document cancels; disposing it stops the watch.</summary>
public sealed class StaleOnEdit(CancellationTokenSource source, Action unregister) : IDisposable
{
    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        unregister();
        source.Dispose();
    }
}
