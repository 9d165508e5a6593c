using AssistantLsp.Server.Dispatch;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Lifecycle;

/// <summary>The client is ready: pull settings (when it can be asked) and start background work.</summary>
public sealed class InitializedHandler(Action onInitialized) : LspNotificationHandler<JToken?>
{
    public override string Method => "initialized";

    public override void Handle(JToken? notification, RequestContext context) => onInitialized();
}
