using System.Collections.Concurrent;
using System.Diagnostics;
using AssistantLsp.Features.Context;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;
using AssistantLsp.Inference.Slots;

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
    /// Most tokens after the cursor. In a prefix-suffix-middle prompt the suffix follows the typing,
    /// so it is recomputed on every key: 64 tokens cost ~0.3 s on the 0.5B shape, ~1 s on the 1.5B
    /// (2 cores), and still show the model the next few lines.
    /// </summary>
    private const int SuffixMaxTokens = 64;

    private readonly CompletionCache _cache;
    private long _requests;
    private long _shown;
    private long _accepted;
    private long _cacheHits;
    private long _typeAheadHits;
    private long _modelCalls;
    private long _dropped;
    private long _outOfTime;
    private readonly ConcurrentDictionary<CompletionDropReason, long> _dropReasons = new();
    private long _promptTokens;
    private long _reusedPromptTokens;

    private readonly WorkspacePaths _workspace;

    /// <summary>Every waiting request's source and its document; an edit or close of it cancels them (see <see cref="CancelStale"/>).</summary>
    private readonly ConcurrentDictionary<CancellationTokenSource, string> _inFlight = new();

    // Guards _flight: the one generation that may still serve a request (one editor types in one place).
    private readonly Lock _flightLock = new();
    private InFlightCompletion? _flight;

    /// <summary>Per document, the line where the last prompt's prefix started: kept while it fits, so the cached prompt start stays valid.</summary>
    private readonly ConcurrentDictionary<string, int> _prefixStartLines = new(StringComparer.Ordinal);

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
        Interlocked.Read(ref _reusedPromptTokens),
        Interlocked.Read(ref _outOfTime),
        new Dictionary<CompletionDropReason, long>(_dropReasons));

    /// <summary>The editor reported that the user accepted a suggestion.</summary>
    public void RecordAccepted() => Interlocked.Increment(ref _accepted);

    /// <summary>Notes that a document was opened or edited near <paramref name="offset"/>, as context for other documents.</summary>
    public void NoteEdit(string uri, string text, int offset)
    {
        // Waiting requests are stale; the generation is kept for the next request when the edit typed
        // into what it generates. The generation goes first: once a request hears it was cancelled,
        // no stale work may still be queued.
        if (CurrentFlight() is { } flight && flight.Uri == uri && flight.TypedInto(text) is null)
        {
            CancelFlight(flight);
        }

        CancelWatches(uri);

        Context.AddAround(_workspace.RelativePath(uri), text, offset, documentUri: uri);
    }

    /// <summary>The document was closed: its in-flight suggestions are void and its chunks leave the context ring.</summary>
    public void NoteClosed(string uri)
    {
        CancelStale(uri);
        Context.Remove(uri);
    }

    /// <summary>Cancels every waiting request for <paramref name="uri"/> and the generation running for it.</summary>
    public void CancelStale(string uri)
    {
        if (CurrentFlight() is { } flight && flight.Uri == uri)
        {
            CancelFlight(flight);
        }

        CancelWatches(uri);
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
    /// A suggestion at <paramref name="cursorOffset"/>, or null when there is none (disabled, the
    /// model's output was dropped, or the prompt took longer than <c>completion.maxPromptMs</c>).
    /// Cancelled (OperationCanceledException) by the token or when a newer request supersedes it. The
    /// generation itself outlives a cancelled request: the next request adopts it when the user typed
    /// what it generates, and supersedes it otherwise.
    /// </summary>
    public async Task<InlineCompletionResult?> CompleteAsync(
        TextDocument document,
        int cursorOffset,
        SelectedCompletion? selected,
        FeatureSettings settings,
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
        var clock = Stopwatch.StartNew();

        // A selected suggest-widget item changes what must be extended: the cache only holds plain insertions.
        if (selected is null && FromCache(document, cursorOffset) is { } cached)
        {
            return cached;
        }

        using var staleOnEdit = WatchForEdits(document.Uri, cancellationToken);
        cancellationToken = staleOnEdit.Token;
        var engine = model.Engine;
        // A judged generation is only worth adopting for text typed since (its output for this very place is in the cache, or was dropped).
        if (selected is null
            && CurrentFlight() is { } running
            && running.Uri == document.Uri
            && running.Engine == engine
            && running.TypedInto(document.Text) is { } typed
            && running.CursorOffset + typed.Length == cursorOffset)
        {
            if (typed.Length > 0 || !running.Generation.IsCompleted || (running.Generation.IsCompletedSuccessfully && !running.OutputJudged))
            {
                var adopted = await AwaitFlightAsync(running, document, cursorOffset, null, settings, clock, cancellationToken).ConfigureAwait(false);
                if (adopted.Served)
                {
                    return adopted.Result;
                }
            }
            else if (FromCache(document, cursorOffset) is { } judged)
            {
                // Judged between the cache lookup above and here.
                return judged;
            }
        }

        var flight = StartFlight(document, cursorOffset, settings, model);
        return (await AwaitFlightAsync(flight, document, cursorOffset, selected, settings, clock, cancellationToken).ConfigureAwait(false)).Result;
    }

    /// <summary>The cached suggestion for this place (or the rest of one typed into), counted as shown.</summary>
    private InlineCompletionResult? FromCache(TextDocument document, int cursorOffset)
    {
        if (_cache.Get(document.Uri, document.Text, cursorOffset) is not { } cached)
        {
            return null;
        }

        Interlocked.Increment(ref cached.TypedChars > 0 ? ref _typeAheadHits : ref _cacheHits);
        Interlocked.Increment(ref _shown);
        return new InlineCompletionResult(cached.Text, cursorOffset, cached.TypedChars > 0 ? CompletionSource.TypeAhead : CompletionSource.Cache, null);
    }

    /// <summary>The prompt a request at <paramref name="cursorOffset"/> would run (public for the completion benchmark).</summary>
    public CompletionPrompt BuildPrompt(TextDocument document, int cursorOffset, FeatureSettings settings, IInferenceEngine engine, int? prefixStartHint = null)
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
            SuffixMaxTokens = SuffixMaxTokens,
            PrefixStartHint = prefixStartHint,
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

    private void CancelWatches(string uri)
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

    private InFlightCompletion? CurrentFlight()
    {
        lock (_flightLock)
        {
            return _flight;
        }
    }

    private void CancelFlight(InFlightCompletion flight)
    {
        lock (_flightLock)
        {
            if (_flight == flight)
            {
                _flight = null;
            }
        }

        flight.Cancel();
    }

    /// <summary>Starts a generation for this place, superseding whatever was generating before.</summary>
    private InFlightCompletion StartFlight(TextDocument document, int cursorOffset, FeatureSettings settings, LoadedModel model)
    {
        var engine = model.Engine;
        int? hint = _prefixStartLines.TryGetValue(document.Uri, out var startLine) && startLine < document.LineCount
            ? document.OffsetAt(new LinePosition(startLine, 0))
            : null;
        var prompt = BuildPrompt(document, cursorOffset, settings, engine, hint);
        if (prompt.PrefixStartOffset == 0 || document.Text[prompt.PrefixStartOffset - 1] == '\n')
        {
            _prefixStartLines[document.Uri] = document.PositionAt(prompt.PrefixStartOffset).Line;
        }
        else
        {
            _prefixStartLines.TryRemove(document.Uri, out _);
        }

        var promptTokens = engine.Encode(prompt.Text);
        var options = new GenerationOptions
        {
            MaxNewTokens = settings.CompletionMaxTokens,
            Temperature = 0,
            StopStrings = prompt.StopTexts,

            // A remote server that has sent nothing by the time the request stops waiting is abandoned
            // with a clear error (nothing local stays warm for the next key, and it frees the engine
            // for explain); local engines ignore this and keep prefilling for the next key.
            FirstTokenTimeout = TimeSpan.FromMilliseconds(settings.CompletionMaxPromptMs),
        };

        // Only a model that cannot think may stop early: reasoning is recognised only once </think> came.
        var earlyStop = prompt.Kind == CompletionPromptKind.Fim && engine.Model.Tokens.ThinkEnd is null
            ? CompletionEarlyStop.For(document.Text, cursorOffset, settings.CompletionMaxLines)
            : null;
        var flight = new InFlightCompletion(
            document.Uri, document.Text, cursorOffset, prompt, engine, TimeSpan.FromMilliseconds(settings.CompletionMaxPredictMs), earlyStop is null ? null : earlyStop.OnToken);
        InFlightCompletion? previous;
        lock (_flightLock)
        {
            previous = _flight;
            _flight = flight;
        }

        previous?.Cancel();
        flight.Start((onToken, ct) => model.Scheduler.RunAsync(
            GenerationPriority.InlineCompletion,
            document.Uri,
            (e, token) => e.GenerateAsync(new GenerationRequest(promptTokens, options), onToken, token),
            ct));
        flight.Generation.ContinueWith(
            done =>
            {
                var stats = done.Result.Stats;
                Interlocked.Increment(ref _modelCalls);
                Interlocked.Add(ref _promptTokens, stats.PromptTokens);
                Interlocked.Add(ref _reusedPromptTokens, stats.ReusedPromptTokens);

                // Cached even when no request waits any more (it was cancelled or ran out of time): asking again here, or typing into it, is then served at once.
                var processed = CompletionPostProcessor.Process(
                    FlightOutput(flight, done.Result), document.Text, cursorOffset, Math.Max(1, settings.CompletionMaxLines), PostProcessOptions(prompt, document.LanguageId, engine.Model.Tokens), null);
                if (processed.InsertText is { } insert)
                {
                    _cache.Put(document.Uri, document.Text, cursorOffset, insert);
                }

                flight.MarkOutputJudged();
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return flight;
    }

    /// <summary>
    /// Waits for <paramref name="flight"/> (at most <c>completion.maxPromptMs</c> for its first token)
    /// and serves its suggestion at <paramref name="cursorOffset"/>, the characters typed since it
    /// started taken off. Not served when its output does not continue what was typed.
    /// </summary>
    private async Task<(bool Served, InlineCompletionResult? Result)> AwaitFlightAsync(
        InFlightCompletion flight, TextDocument document, int cursorOffset, SelectedCompletion? selected, FeatureSettings settings, Stopwatch clock, CancellationToken cancellationToken)
    {
        var promptBudget = TimeSpan.FromMilliseconds(settings.CompletionMaxPromptMs) - clock.Elapsed;
        if (!flight.FirstToken.IsCompleted)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(flight.FirstToken, Task.Delay(promptBudget > TimeSpan.Zero ? promptBudget : TimeSpan.Zero, budget.Token)).ConfigureAwait(false);
            await budget.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!flight.FirstToken.IsCompleted)
            {
                // Out of time: answer nothing now; the prompt work goes on and the next key reuses it.
                Interlocked.Increment(ref _outOfTime);
                return (true, null);
            }
        }

        var typed = document.Text.Substring(flight.CursorOffset, cursorOffset - flight.CursorOffset);
        if (typed.Length > 0 && !await flight.MatchesTypedAsync(typed).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            return (false, null);
        }

        var generation = await flight.Generation.WaitAsync(cancellationToken).ConfigureAwait(false);

        var processed = CompletionPostProcessor.Process(
            FlightOutput(flight, generation),
            flight.DocumentText,
            flight.CursorOffset,
            Math.Max(1, settings.CompletionMaxLines),
            PostProcessOptions(flight.Prompt, document.LanguageId, flight.Engine.Model.Tokens),
            selected);
        if (processed.InsertText is not { } insert)
        {
            Interlocked.Increment(ref _dropped);
            _dropReasons.AddOrUpdate(processed.DropReason ?? CompletionDropReason.Empty, 1, (_, n) => n + 1);
            return (true, null);
        }

        if (selected is not null)
        {
            Interlocked.Increment(ref _shown);
            return (true, new InlineCompletionResult(insert, processed.ReplaceStartOffset, CompletionSource.Model, generation.Stats));
        }

        _cache.Put(flight.Uri, flight.DocumentText, flight.CursorOffset, insert);
        if (flight.CursorOffset == cursorOffset)
        {
            Interlocked.Increment(ref _shown);
            return (true, new InlineCompletionResult(insert, processed.ReplaceStartOffset, CompletionSource.Model, generation.Stats));
        }

        if (_cache.Get(document.Uri, document.Text, cursorOffset) is { } rest)
        {
            Interlocked.Increment(ref _typeAheadHits);
            Interlocked.Increment(ref _shown);
            return (true, new InlineCompletionResult(rest.Text, cursorOffset, CompletionSource.TypeAhead, null));
        }

        return (false, null);
    }

    /// <summary>A budget stop keeps what <see cref="InFlightCompletion.BudgetCut"/> says is usable, or nothing.</summary>
    private static string FlightOutput(InFlightCompletion flight, GenerationResult generation) =>
        !flight.StoppedByBudget ? generation.Text
        : InFlightCompletion.BudgetCut(generation.Text, flight.Prompt.Kind) is var cut and >= 0 ? generation.Text[..cut]
        : string.Empty;

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
