using AssistantLsp.Server.Dispatch;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Lifecycle;

/// <summary>Stops in-flight work; from now on only exit is accepted.</summary>
public sealed class ShutdownHandler(ServerLifecycle lifecycle) : LspRequestHandler<JToken?, object?>
{
    public override string Method => "shutdown";

    public override bool MutatesState => true;

    public override Task<object?> HandleAsync(JToken? request, RequestContext context, CancellationToken cancellationToken)
    {
        lifecycle.MarkShutDown();
        return Task.FromResult<object?>(null);
    }
}
