namespace AssistantLsp.Inference.Engine;

/// <summary>
/// Lets an engine run one generation at a time on a pool thread and stop it at dispose: the
/// running generation sees the cancellation within one step, and the engine frees its native
/// memory only once that generation has left.
/// </summary>
internal sealed class GenerationGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private int _closed;

    /// <summary>Throws <see cref="ObjectDisposedException"/> for <paramref name="owner"/> once <see cref="Close"/> has begun.</summary>
    public void ThrowIfClosed(object owner) => ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) == 1, owner);

    /// <summary>
    /// Waits for the gate, checks <paramref name="owner"/> has not been closed meanwhile, then runs <paramref name="generation"/> on a pool thread with a token cancelled by the
    /// caller or by <see cref="Close"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(object owner, Func<CancellationToken, T> generation, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        await _gate.WaitAsync(linked.Token);
        try
        {
            ThrowIfClosed(owner);
            return await Task.Run(() => generation(linked.Token), linked.Token);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops a running generation, waits for it to leave, then runs <paramref name="freeNative"/>;
    /// only the first call does anything.
    /// </summary>
    public void Close(Action freeNative)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        _lifetime.Cancel();
        _gate.Wait();
        freeNative();
        _lifetime.Dispose();
        _gate.Release();
    }
}
