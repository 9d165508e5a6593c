namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// One class per LSP method (Roslyn's shape): convert params, call a feature, convert back.
/// Each handler says whether it mutates server state; the dispatcher runs mutating ones alone
/// and in arrival order, and gives readers a snapshot taken when they arrived.
/// </summary>
public interface ILspHandler
{
    string Method { get; }
}

/// <summary>A request: answered with a result or an error.</summary>
public abstract class LspRequestHandler<TParams, TResult> : ILspHandler
{
    public abstract string Method { get; }

    /// <summary>False for almost every request: it reads a snapshot and may run concurrently.</summary>
    public virtual bool MutatesState => false;

    public abstract Task<TResult> HandleAsync(TParams request, RequestContext context, CancellationToken cancellationToken);
}

/// <summary>A notification: applied synchronously, in arrival order, before any later message is read.</summary>
public abstract class LspNotificationHandler<TParams> : ILspHandler
{
    public abstract string Method { get; }

    public abstract void Handle(TParams notification, RequestContext context);
}
