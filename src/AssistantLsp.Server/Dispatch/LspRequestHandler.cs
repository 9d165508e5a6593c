using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>A request: answered with a result or an error, computed from the snapshot it was given.</summary>
public abstract class LspRequestHandler<TParams, TResult> : ILspHandler
{
    public abstract string Method { get; }

    /// <summary>
    /// True for the few requests that change server state (initialize, shutdown): their synchronous
    /// part runs before the next message is read. False: the handler reads its snapshot and runs
    /// off the message loop.
    /// </summary>
    public virtual bool MutatesState => false;

    public abstract Task<TResult> HandleAsync(TParams request, RequestContext context, CancellationToken cancellationToken);

    public void RegisterWith(LspDispatcher dispatcher, JsonRpc rpc) => dispatcher.Add(rpc, this);
}
