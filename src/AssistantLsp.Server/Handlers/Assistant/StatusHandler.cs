using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Models;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Assistant;

/// <summary>`assistant/status`: where the models stand (loading, ready, error, none) and the last figures.</summary>
public sealed class StatusHandler(ModelStatusReporter status) : LspRequestHandler<JToken?, AssistantStatus>
{
    public override string Method => "assistant/status";

    public override Task<AssistantStatus> HandleAsync(JToken? request, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(status.Current());
}
