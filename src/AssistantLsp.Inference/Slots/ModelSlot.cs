using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Scheduling;

namespace AssistantLsp.Inference.Slots;

/// <summary>
/// One model role (reasoning, or the optional completion model): loads in the background when
/// configured, reloads when its path or provider changes, and hands requests the loaded model,
/// waiting up to a bound while it loads. A failed load leaves the slot in Error with a message
/// that names the file and the fix; the server stays up.
/// </summary>
public sealed class ModelSlot : IAsyncDisposable
{
    private readonly Func<string, string, CancellationToken, IInferenceEngine> _load;
    private readonly string _notConfiguredMessage;
    private readonly object _gate = new();
    private ModelStatus _status;
    private LoadedModel? _loaded;
    private TaskCompletionSource<LoadedModel?> _settled = NewSettled();
    private CancellationTokenSource? _loading;
    private (string? Path, string Provider) _target;

    /// <summary>Loads and retirements still running: disposal waits for them, so no native object is freed (or the process left) while one is in use.</summary>
    private readonly List<Task> _background = [];
    private bool _disposed;

    /// <param name="load">Builds an engine for (path, provider); throws with a clear message on failure.</param>
    /// <param name="notConfiguredMessage">What to tell the user when no model path is set.</param>
    public ModelSlot(Func<string, string, CancellationToken, IInferenceEngine> load, string notConfiguredMessage)
    {
        _load = load;
        _notConfiguredMessage = notConfiguredMessage;
        _status = new ModelStatus(ModelState.None, null, "cpu", notConfiguredMessage);
        _target = (null, "cpu");
        _settled.TrySetResult(null);
    }

    public ModelStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Raised (on a background thread) after every state change.</summary>
    public event Action<ModelStatus>? StatusChanged;

    /// <summary>Points the slot at a model; loading starts in the background. The same target again is a no-op.</summary>
    public void Configure(string? path, string executionProvider)
    {
        LoadedModel? previous;
        CancellationTokenSource? cancelled;
        CancellationTokenSource loading;
        lock (_gate)
        {
            if (_disposed || (_target == (path, executionProvider) && _status.State != ModelState.Error))
            {
                return;
            }

            _target = (path, executionProvider);
            previous = _loaded;
            _loaded = null;
            cancelled = _loading;
            _loading = loading = new CancellationTokenSource();
            if (_settled.Task.IsCompleted)
            {
                _settled = NewSettled();
            }
        }

        cancelled?.Cancel();
        Track(RetireAsync(previous));
        if (path is null)
        {
            Settle(new ModelStatus(ModelState.None, null, executionProvider, _notConfiguredMessage), null, loading);
            return;
        }

        var loadingMessage = executionProvider == "remote" ? $"Connecting to {path}…" : $"Loading {Path.GetFileName(Path.TrimEndingDirectorySeparator(path))}…";
        Publish(new ModelStatus(ModelState.Loading, path, executionProvider, loadingMessage));
        Track(Task.Run(() => LoadAsync(path, executionProvider, loading)));
    }

    /// <summary>Remembers background work until it ends, for <see cref="DisposeAsync"/> to wait on.</summary>
    private void Track(Task work)
    {
        if (work.IsCompleted)
        {
            return;
        }

        lock (_gate)
        {
            _background.Add(work);
        }

        _ = work.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _background.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The loaded model; waits up to <paramref name="maxWait"/> while loading, else explains why not.</summary>
    public async Task<LoadedModel> AcquireAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task<LoadedModel?> settled;
        lock (_gate)
        {
            if (_loaded is { } ready)
            {
                return ready;
            }

            settled = _settled.Task;
        }

        try
        {
            if (await settled.WaitAsync(maxWait, cancellationToken) is { } loaded)
            {
                return loaded;
            }
        }
        catch (TimeoutException)
        {
            throw new ModelUnavailableException(
                $"The model is still loading ({Status.ModelPath}); try again in a moment.", ModelState.Loading);
        }

        var status = Status;
        throw new ModelUnavailableException(status.Message ?? _notConfiguredMessage, status.State);
    }

    /// <summary>Records the latest generation's figures for status reports.</summary>
    public void RecordGeneration(GenerationStats stats)
    {
        ModelStatus updated;
        lock (_gate)
        {
            if (_status.State != ModelState.Ready)
            {
                return;
            }

            updated = _status = _status with { LastGeneration = stats };
        }

        StatusChanged?.Invoke(updated);
    }

    private async Task LoadAsync(string path, string provider, CancellationTokenSource loading)
    {
        try
        {
            var engine = _load(path, provider, loading.Token);
            var loaded = new LoadedModel(engine, new GenerationScheduler(engine));
            if (!Settle(new ModelStatus(ModelState.Ready, path, provider, null, engine.Model), loaded, loading))
            {
                await RetireAsync(loaded); // superseded while loading
            }
            else if (engine is IEngineHealth health)
            {
                health.HealthChanged += () => ApplyHealth(loaded, health);
                ApplyHealth(loaded, health);
            }
        }
        catch (OperationCanceledException) when (loading.IsCancellationRequested)
        {
            // A newer Configure took over.
        }
        catch (Exception ex)
        {
            Settle(new ModelStatus(ModelState.Error, path, provider, ex.Message), null, loading);
        }
    }

    /// <summary>
    /// A loaded engine whose backend can fail later (a remote server): Error with its reason while
    /// it fails, Ready again when it answers. The engine stays loaded meanwhile, so requests reach
    /// it and get its own clear message (and it retries on its own).
    /// </summary>
    private void ApplyHealth(LoadedModel loaded, IEngineHealth health)
    {
        ModelStatus updated;
        lock (_gate)
        {
            if (!ReferenceEquals(_loaded, loaded))
            {
                return; // a retired engine's late report
            }

            var problem = health.Problem;
            updated = _status = _status with
            {
                State = problem is null ? ModelState.Ready : ModelState.Error,
                Message = problem ?? health.Summary,
            };
        }

        StatusChanged?.Invoke(updated);
    }

    /// <summary>Publishes the outcome of one load unless a newer Configure superseded it.</summary>
    private bool Settle(ModelStatus status, LoadedModel? loaded, CancellationTokenSource loading)
    {
        TaskCompletionSource<LoadedModel?> settled;
        lock (_gate)
        {
            if (_disposed || !ReferenceEquals(_loading, loading))
            {
                return false;
            }

            _status = status;
            _loaded = loaded;
            settled = _settled;
        }

        settled.TrySetResult(loaded);
        StatusChanged?.Invoke(status);
        return true;
    }

    private void Publish(ModelStatus status)
    {
        lock (_gate)
        {
            _status = status;
        }

        StatusChanged?.Invoke(status);
    }

    private static async Task RetireAsync(LoadedModel? model)
    {
        if (model is null)
        {
            return;
        }

        await model.Scheduler.DisposeAsync(); // waits for the running generation to stop
        model.Engine.Dispose();
    }

    private static TaskCompletionSource<LoadedModel?> NewSettled() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Stops the slot: frees the loaded model and waits for a load still running (native model
    /// construction cannot be interrupted) to end, then frees what it made. Freeing natives, or
    /// leaving the process, while a load is inside them crashes the process.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        LoadedModel? loaded;
        TaskCompletionSource<LoadedModel?> settled;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loaded = _loaded;
            _loaded = null;
            _loading?.Cancel();
            settled = _settled;
        }

        // Requests waiting for the model stop waiting: there will be none.
        settled.TrySetResult(null);
        await RetireAsync(loaded);
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _background];
            }

            if (running.Length == 0)
            {
                return;
            }

            await Task.WhenAll(running);
        }
    }
}
