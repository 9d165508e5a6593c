using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Scheduling;

/// <summary>
/// Serializes generations on one engine: at most one runs at a time, the rest wait ordered by
/// priority (inline completion first, FIFO within a priority). A request carrying a supersession
/// key (e.g. the document uri) cancels older work of the same priority and key: queued work is
/// dropped at once, running work through its token. Cancelling a queued request removes it at
/// once. Disposal cancels everything; the engine itself stays owned by the caller.
/// Lower-priority generations yield to inline completion at a token boundary and resume after it
/// (see <see cref="PreemptibleEngine"/>), so a running explain never blocks ghost text.
/// </summary>
public sealed class GenerationScheduler : IDisposable, IAsyncDisposable
{
    private const int RankCount = 2;

    private readonly IInferenceEngine _engine;

    // Guards the queues, _running, _runningTask and _disposed; no callback runs while it is held.
    private readonly Lock _gate = new();
    private readonly LinkedList<ScheduledWork>[] _queues;
    private ScheduledWork? _running;
    private Task _runningTask = Task.CompletedTask;
    private bool _disposed;

    // Preemption: fired when inline completion is queued behind lower-priority work; that work's
    // generation (through PreemptibleEngine) then yields and runs the completions inside its turn.
    private CancellationTokenSource _preemption = new();
    private ScheduledWork? _nested;

    public GenerationScheduler(IInferenceEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _queues = new LinkedList<ScheduledWork>[RankCount];
        for (var i = 0; i < RankCount; i++)
        {
            _queues[i] = new LinkedList<ScheduledWork>();
        }
    }

    /// <summary>The engine work runs on. Tokenization may be called directly; generation goes through <see cref="RunAsync"/>.</summary>
    public IInferenceEngine Engine => _engine;

    /// <summary>Requests waiting to run.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _queues.Sum(q => q.Count);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the engine when its turn comes, on the thread pool. The token
    /// handed to the work fires on the caller's cancellation, on supersession and on disposal; the
    /// returned task is then cancelled. Otherwise it carries the work's result or exception.
    /// </summary>
    public Task<T> RunAsync<T>(
        GenerationPriority priority,
        string? supersessionKey,
        Func<IInferenceEngine, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var item = new ScheduledWork<T>(priority, supersessionKey, work, cancellationToken);
        item.WatchCancellation(OnCancelled);
        List<ScheduledWork> supersededQueued = [];
        ScheduledWork? supersededRunning = null;
        CancellationTokenSource? preempt = null;
        var enqueued = false;
        lock (_gate)
        {
            if (_disposed)
            {
                item.Dispose();
                throw new ObjectDisposedException(nameof(GenerationScheduler));
            }

            if (supersessionKey is not null)
            {
                supersededRunning = CollectSupersededLocked(item, supersededQueued);
            }

            // A cancellation racing with us either fired already (skip) or waits for the lock and
            // then finds the item queued (removed by OnCancelled).
            if (!item.IsCancellationRequested)
            {
                item.QueueNode = _queues[Rank(priority)].AddLast(item);
                enqueued = true;
                StartNextLocked();
                if (Rank(priority) == 0 && _running is { } running && Rank(running.Priority) > 0)
                {
                    preempt = _preemption;
                }
            }
        }

        // Outside the lock: cancelling runs the work's own token callbacks.
        foreach (var old in supersededQueued)
        {
            old.CancelByScheduler();
            old.CompleteUnstarted();
            old.Dispose();
        }

        supersededRunning?.CancelByScheduler();
        preempt?.Cancel();
        if (!enqueued)
        {
            item.CompleteUnstarted();
            item.Dispose();
        }

        return item.Task;
    }

    /// <summary>Fires when inline completion is waiting behind the running lower-priority work.</summary>
    internal CancellationToken PreemptionToken
    {
        get
        {
            lock (_gate)
            {
                return _preemption.Token;
            }
        }
    }

    /// <summary>
    /// Called by the running lower-priority work after its generation yielded: runs the waiting
    /// inline completions (and any that arrive meanwhile) on the engine, then re-arms preemption.
    /// </summary>
    internal async Task RunWaitingCompletionsAsync()
    {
        while (true)
        {
            ScheduledWork? next = null;
            lock (_gate)
            {
                var queue = _queues[0];
                if (!_disposed && queue.First is { } node)
                {
                    queue.RemoveFirst();
                    node.Value.QueueNode = null;
                    next = node.Value;
                    _nested = next;
                }
                else
                {
                    // Replaced, not disposed: a caller may still hold (and link) the old token.
                    if (_preemption.IsCancellationRequested)
                    {
                        _preemption = new CancellationTokenSource();
                    }

                    return;
                }
            }

            await next.RunAsync(_engine).ConfigureAwait(false);
            next.Dispose();
            lock (_gate)
            {
                _nested = null;
            }
        }
    }

    /// <summary>Cancels all work and returns at once; running work ends within one decode step.</summary>
    public void Dispose() => CancelAll();

    /// <summary>Cancels all work and waits until the running one has ended, so the engine may be disposed next.</summary>
    public async ValueTask DisposeAsync() => await CancelAll();

    private Task CancelAll()
    {
        List<ScheduledWork> queued = [];
        ScheduledWork? running;
        ScheduledWork? nested;
        Task runningTask;
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var queue in _queues)
                {
                    foreach (var item in queue)
                    {
                        item.QueueNode = null;
                        queued.Add(item);
                    }

                    queue.Clear();
                }
            }

            running = _running;
            runningTask = _runningTask;
            nested = _nested;
        }

        nested?.CancelByScheduler();

        foreach (var item in queued)
        {
            item.CancelByScheduler();
            item.CompleteUnstarted();
            item.Dispose();
        }

        running?.CancelByScheduler();
        return runningTask;
    }

    /// <summary>Removes queued work that <paramref name="newer"/> supersedes; returns the running one it supersedes.</summary>
    private ScheduledWork? CollectSupersededLocked(ScheduledWork newer, List<ScheduledWork> supersededQueued)
    {
        var queue = _queues[Rank(newer.Priority)];
        for (var node = queue.First; node is not null;)
        {
            var next = node.Next;
            if (IsSupersededBy(node.Value, newer))
            {
                queue.Remove(node);
                node.Value.QueueNode = null;
                supersededQueued.Add(node.Value);
            }

            node = next;
        }

        if (_nested is { } nested && IsSupersededBy(nested, newer))
        {
            return nested;
        }

        return _running is { } running && IsSupersededBy(running, newer) ? running : null;
    }

    private static bool IsSupersededBy(ScheduledWork older, ScheduledWork newer) =>
        older.Priority == newer.Priority
        && string.Equals(older.SupersessionKey, newer.SupersessionKey, StringComparison.Ordinal);

    private void OnCancelled(ScheduledWork item)
    {
        lock (_gate)
        {
            if (item.QueueNode is null)
            {
                // Not queued: running (its work observes the token), finished, or never enqueued.
                return;
            }

            _queues[Rank(item.Priority)].Remove(item.QueueNode);
            item.QueueNode = null;
        }

        // Not disposed here: this runs inside the token source's own cancellation callbacks.
        item.CompleteUnstarted();
    }

    private void StartNextLocked()
    {
        if (_running is not null || _disposed)
        {
            return;
        }

        foreach (var queue in _queues)
        {
            if (queue.First is { } node)
            {
                queue.RemoveFirst();
                node.Value.QueueNode = null;
                _running = node.Value;
                _runningTask = RunThenAdvanceAsync(node.Value);
                return;
            }
        }
    }

    private async Task RunThenAdvanceAsync(ScheduledWork item)
    {
        // Leave the caller (who holds the lock) before any work begins.
        await Task.Yield();
        await item.RunAsync(Rank(item.Priority) == 0 ? _engine : new PreemptibleEngine(_engine, this));
        item.Dispose();
        lock (_gate)
        {
            _running = null;
            StartNextLocked();
        }
    }

    private static int Rank(GenerationPriority priority) => priority switch
    {
        GenerationPriority.InlineCompletion => 0,
        _ => 1,
    };
}
