using StreamJsonRpc;

namespace AssistantLsp.Server.Dispatch;

/// <summary>A notification: applied synchronously, in arrival order, before any later message is read.</summary>
public abstract class LspNotificationHandler<TParams> : ILspHandler
{
    public abstract string Method { get; }

    public abstract void Handle(TParams notification, RequestContext context);

    public void RegisterWith(LspDispatcher dispatcher, JsonRpc rpc) => dispatcher.Add(rpc, this);
}
