using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// One class per LSP method (Roslyn's shape): convert params, call a feature, convert back.
/// Ordering (see <see cref="LspDispatcher"/>): notifications and state-mutating requests run in
/// arrival order, alone; any other request reads a snapshot taken when it arrived and runs
/// concurrently with others.
/// </summary>
public interface ILspHandler
{
    string Method { get; }

    /// <summary>Adds this handler's endpoint with its own parameter and result types (no reflection on generics).</summary>
    void RegisterWith(LspDispatcher dispatcher, JsonRpc rpc);
}

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

/// <summary>A notification: applied synchronously, in arrival order, before any later message is read.</summary>
public abstract class LspNotificationHandler<TParams> : ILspHandler
{
    public abstract string Method { get; }

    public abstract void Handle(TParams notification, RequestContext context);

    public void RegisterWith(LspDispatcher dispatcher, JsonRpc rpc) => dispatcher.Add(rpc, this);
}
