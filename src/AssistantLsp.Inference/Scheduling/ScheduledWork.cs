using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.Scheduling;

/// <summary>
/// One queued or running piece of work. Its linked token source is owned here: cancelled by
/// the caller's token, by supersession or by disposal of the scheduler, disposed when done.
/// </summary>
internal abstract class ScheduledWork : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private CancellationTokenRegistration _registration;
    private volatile bool _forciblyCancelled;

    protected ScheduledWork(GenerationPriority priority, string? supersessionKey, CancellationToken callerToken)
    {
        Priority = priority;
        SupersessionKey = supersessionKey;
        CallerToken = callerToken;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        Token = _cancellation.Token;
    }

    public GenerationPriority Priority { get; }

    public string? SupersessionKey { get; }

    protected CancellationToken CallerToken { get; }

    protected CancellationToken Token { get; }

    public bool IsCancellationRequested => Token.IsCancellationRequested;

    /// <summary>Set by the scheduler while queued; null once dequeued or removed.</summary>
    public LinkedListNode<ScheduledWork>? QueueNode { get; set; }

    /// <summary>Calls <paramref name="onCancelled"/> when any cancellation source fires (possibly at once).</summary>
    public void WatchCancellation(Action<ScheduledWork> onCancelled) =>
        _registration = Token.UnsafeRegister(static (state, _) =>
        {
            var (work, callback) = ((ScheduledWork, Action<ScheduledWork>))state!;
            callback(work);
        }, (this, onCancelled));

    /// <summary>
    /// Cancels on the scheduler's behalf (supersession, disposal): the caller then sees a
    /// cancelled task whatever the work does after this.
    /// </summary>
    public void CancelByScheduler()
    {
        _forciblyCancelled = true;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Finished in the meantime: nothing left to cancel.
        }
    }

    /// <summary>Ends a work item that never ran.</summary>
    public abstract void CompleteUnstarted();

    /// <summary>Runs the work on the thread pool; the returned task never faults.</summary>
    public abstract Task RunAsync(IInferenceEngine engine);

    protected bool ForciblyCancelled => _forciblyCancelled;

    public void Dispose()
    {
        _registration.Unregister();
        _cancellation.Dispose();
    }
}

internal sealed class ScheduledWork<T>(
    GenerationPriority priority,
    string? supersessionKey,
    Func<IInferenceEngine, CancellationToken, Task<T>> work,
    CancellationToken callerToken)
    : ScheduledWork(priority, supersessionKey, callerToken)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override void CompleteUnstarted() => SetCancelled();

    public override async Task RunAsync(IInferenceEngine engine)
    {
        try
        {
            // Off the caller's thread: a work delegate may run synchronously for a long time.
            var result = await System.Threading.Tasks.Task.Run(() => work(engine, Token), Token);
            if (ForciblyCancelled)
            {
                SetCancelled();
            }
            else
            {
                _completion.TrySetResult(result);
            }
        }
        catch (OperationCanceledException)
        {
            SetCancelled();
        }
#pragma warning disable CA1031 // Every failure belongs to the caller's task, not to the scheduler.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            if (ForciblyCancelled)
            {
                SetCancelled();
            }
            else
            {
                _completion.TrySetException(exception);
            }
        }
    }

    private void SetCancelled() =>
        _completion.TrySetCanceled(CallerToken.IsCancellationRequested ? CallerToken : Token);
}
