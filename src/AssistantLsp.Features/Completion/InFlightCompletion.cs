using System.Diagnostics;
using System.Text;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Completion;

/// <summary>
/// One completion generation that outlives the request that started it: the editor cancels a
/// request on every key, but when the user types what is being generated, the next request adopts
/// this generation instead of starting over (type-ahead on in-flight work). It ends when it finishes,
/// or when a request it cannot serve supersedes it. Also applies the prediction budget: once
/// <c>completion.maxPredictMs</c> has passed since the first new token, generation stops, and the
/// suggestion is what <see cref="BudgetCut"/> keeps. Thread-safe.
/// </summary>
internal sealed class InFlightCompletion : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _streamed = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource _firstToken = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _maxPredict;
    private readonly Func<GeneratedToken, TokenDecision>? _earlyStop;
    private readonly List<(string Typed, TaskCompletionSource<bool> Decided)> _watchers = [];
    private Stopwatch? _sinceFirstToken;

    public InFlightCompletion(string uri, string documentText, int cursorOffset, CompletionPrompt prompt, IInferenceEngine engine, TimeSpan maxPredict, Func<GeneratedToken, TokenDecision>? earlyStop)
    {
        Uri = uri;
        DocumentText = documentText;
        CursorOffset = cursorOffset;
        Prompt = prompt;
        Engine = engine;
        _maxPredict = maxPredict;
        _earlyStop = earlyStop;
    }

    public string Uri { get; }

    /// <summary>The document as it was when generation started.</summary>
    public string DocumentText { get; }

    public int CursorOffset { get; }

    public CompletionPrompt Prompt { get; }

    public IInferenceEngine Engine { get; }

    public Task<GenerationResult> Generation { get; private set; } = Task.FromCanceled<GenerationResult>(new CancellationToken(true));

    /// <summary>Completes at the first new token, or when the generation ends without one.</summary>
    public Task FirstToken => _firstToken.Task;

    /// <summary>True when the prediction budget cut the generation short (the suggestion is what <see cref="BudgetCut"/> keeps).</summary>
    public bool StoppedByBudget { get; private set; }

    private volatile bool _outputJudged;

    /// <summary>
    /// Set once the finished output was post-processed and, when usable, cached for its place: from
    /// then on the cache answers there, and only text typed since makes the generation worth adopting.
    /// </summary>
    public bool OutputJudged => _outputJudged;

    public void MarkOutputJudged() => _outputJudged = true;

    /// <summary>Text generated so far.</summary>
    public string Streamed
    {
        get
        {
            lock (_lock)
            {
                return _streamed.ToString();
            }
        }
    }

    /// <summary>Starts the generation; <paramref name="run"/> gets the token callback and this generation's own cancellation.</summary>
    public void Start(Func<Func<GeneratedToken, TokenDecision>, CancellationToken, Task<GenerationResult>> run)
    {
        Generation = run(OnToken, _cancel.Token);
        Generation.ContinueWith(
            done =>
            {
                // Observed here: a generation nobody waits for any more may still fail or be cancelled.
                _ = done.Exception;
                _firstToken.TrySetResult();
                DecideWatchers(Streamed, ended: true);
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The characters typed into the document since this generation started, when <paramref name="text"/>
    /// is exactly that insertion at its cursor and agrees with what has been generated so far (either
    /// may be ahead of the other); else null. Empty when nothing was typed.
    /// </summary>
    public string? TypedInto(string text)
    {
        var typedLength = text.Length - DocumentText.Length;
        if (typedLength < 0
            || !text.AsSpan(0, CursorOffset).SequenceEqual(DocumentText.AsSpan(0, CursorOffset))
            || !text.AsSpan(CursorOffset + typedLength).SequenceEqual(DocumentText.AsSpan(CursorOffset)))
        {
            return null;
        }

        var typed = text.Substring(CursorOffset, typedLength);
        if (typed.Length == 0)
        {
            return typed;
        }

        // Only fill-in-the-middle output is the inserted text itself; a chat answer is not comparable.
        if (Prompt.Kind != CompletionPromptKind.Fim)
        {
            return null;
        }

        var streamed = Streamed;
        return streamed.StartsWith(typed, StringComparison.Ordinal) || typed.StartsWith(streamed, StringComparison.Ordinal) ? typed : null;
    }

    /// <summary>
    /// Completes with true once the output has gone past <paramref name="typed"/> matching it (or the
    /// generation ended with it matching), false as soon as it diverges from it or ends short of it.
    /// </summary>
    public Task<bool> MatchesTypedAsync(string typed)
    {
        var decided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _watchers.Add((typed, decided));
        }

        DecideWatchers(Streamed, ended: Generation.IsCompleted);
        return decided.Task;
    }

    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public void Dispose() => _cancel.Dispose();

    private TokenDecision OnToken(GeneratedToken token)
    {
        string streamed;
        lock (_lock)
        {
            _streamed.Append(token.Text);
            streamed = _streamed.ToString();
        }

        _sinceFirstToken ??= Stopwatch.StartNew();
        _firstToken.TrySetResult();
        DecideWatchers(streamed, ended: false);
        if (_earlyStop?.Invoke(token) == TokenDecision.Stop)
        {
            return TokenDecision.Stop;
        }

        if (_sinceFirstToken.Elapsed >= _maxPredict)
        {
            StoppedByBudget = true;
            return TokenDecision.Stop;
        }

        return TokenDecision.Continue;
    }

    /// <summary>
    /// How much of the output a budget stop keeps, as llama.vscode does with <c>t_max_predict_ms</c>
    /// (what is there rather than nothing): up to the end of the first complete line of code; without
    /// one, the code so far up to its last whole word (a half-generated name would be accepted as a
    /// wrong one). -1 when nothing is usable (no code yet, or only half a name).
    /// </summary>
    internal static int BudgetCut(string output, CompletionPromptKind kind)
    {
        var lineEnd = CompleteLineEnd(output, kind);
        var start = CodeStart(output, kind);
        if (lineEnd >= 0 || start < 0)
        {
            return lineEnd;
        }

        var cut = output.Length;
        while (cut > start && (char.IsLetterOrDigit(output[cut - 1]) || output[cut - 1] == '_'))
        {
            cut--;
        }

        return output.AsSpan(start, cut - start).IsWhiteSpace() ? -1 : cut;
    }

    /// <summary>
    /// Where the output's first line of code with text ends (after its line break), or -1 while there
    /// is none; a chat answer's think block and opening fence do not count.
    /// </summary>
    internal static int CompleteLineEnd(string output, CompletionPromptKind kind)
    {
        var start = CodeStart(output, kind);
        if (start < 0)
        {
            return -1;
        }

        for (var lineEnd = output.IndexOf('\n', start); lineEnd >= 0; lineEnd = output.IndexOf('\n', start))
        {
            if (!output.AsSpan(start, lineEnd - start).IsWhiteSpace())
            {
                return lineEnd + 1;
            }

            start = lineEnd + 1;
        }

        return -1;
    }

    /// <summary>
    /// Where code starts: at once for fill-in-the-middle; in a chat answer after the think block and
    /// the opening fence's line. -1 while that fence line is unfinished or a new think block is open.
    /// </summary>
    private static int CodeStart(string output, CompletionPromptKind kind)
    {
        if (kind != CompletionPromptKind.Chat)
        {
            return 0;
        }

        var start = 0;
        var thinkEnd = output.LastIndexOf("</think>", StringComparison.Ordinal);
        if (thinkEnd >= 0)
        {
            start = thinkEnd + "</think>".Length;
        }

        if (output.IndexOf("<think>", start, StringComparison.Ordinal) >= 0)
        {
            return -1;
        }

        var fence = output.IndexOf("```", start, StringComparison.Ordinal);
        if (fence < 0)
        {
            return start;
        }

        var fenceLineEnd = output.IndexOf('\n', fence);
        return fenceLineEnd < 0 ? -1 : fenceLineEnd + 1;
    }

    private void DecideWatchers(string streamed, bool ended)
    {
        List<(string Typed, TaskCompletionSource<bool> Decided)> decided = [];
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                var typed = watcher.Typed;
                var matched = streamed.Length >= typed.Length && streamed.StartsWith(typed, StringComparison.Ordinal);
                if (matched || ended || !typed.StartsWith(streamed, StringComparison.Ordinal))
                {
                    decided.Add(watcher);
                    watcher.Decided.TrySetResult(matched);
                }
            }

            _watchers.RemoveAll(decided.Contains);
        }
    }
}
