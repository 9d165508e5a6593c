using AssistantLsp.Server.Dispatch;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Lifecycle;

/// <summary>Ends the process: exit code 0 after shutdown, 1 without.</summary>
public sealed class ExitHandler(ServerLifecycle lifecycle) : LspNotificationHandler<JToken?>
{
    public override string Method => "exit";

    public override void Handle(JToken? notification, RequestContext context) => lifecycle.RequestExit();
}
