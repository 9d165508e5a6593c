using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// The LSP lifecycle: nothing but initialize (and exit) before initialize; nothing but exit
/// after shutdown. Exit's code is 0 only when shutdown came first.
/// </summary>
public sealed class ServerLifecycle : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state; // LifecycleState, read and written with Interlocked/Volatile

    public LifecycleState State => (LifecycleState)Volatile.Read(ref _state);

    /// <summary>Cancelled at shutdown or exit: in-flight work observes it and stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Completes with the process exit code when the client sends exit.</summary>
    public Task<int> ExitRequested => _exit.Task;

    public bool ShutdownReceived => State == LifecycleState.ShutDown;

    /// <summary>
    /// Null when the request may run now; else the error to answer with. The framing asks this for
    /// methods no handler serves, so an unknown method before initialize also gets -32002.
    /// </summary>
    public LocalRpcException? RejectRequest(string method) => (State, method) switch
    {
        (_, "exit") => null,
        (LifecycleState.Uninitialized, "initialize") => null,
        (LifecycleState.Uninitialized, _) => LspException.NotInitialized(method),
        (LifecycleState.ShutDown, _) => LspException.AfterShutdown(method),
        (_, "initialize") => LspException.Create(Protocol.LspErrorCodes.InvalidRequest, "The server is already initialized."),
        _ => null,
    };

    /// <summary>Per spec, notifications before initialize and after shutdown are dropped (exit excepted).</summary>
    public bool AcceptsNotification(string method) =>
        method == "exit" || State == LifecycleState.Initialized;

    public void MarkInitialized() => Interlocked.CompareExchange(ref _state, (int)LifecycleState.Initialized, (int)LifecycleState.Uninitialized);

    public void MarkShutDown()
    {
        Volatile.Write(ref _state, (int)LifecycleState.ShutDown);
        CancelInFlightWork();
    }

    public void RequestExit()
    {
        var code = ShutdownReceived ? 0 : 1;
        CancelInFlightWork();
        _exit.TrySetResult(code);
    }

    /// <summary>
    /// Cancellation callbacks run arbitrary code (StreamJsonRpc sends $/cancelRequest for pending
    /// outbound requests); never run them on the message loop, which must answer shutdown first.
    /// </summary>
    private void CancelInFlightWork() => _ = Task.Run(() =>
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    });

    public void Dispose() => _stopping.Dispose();
}

public enum LifecycleState
{
    Uninitialized,
    Initialized,
    ShutDown,
}
