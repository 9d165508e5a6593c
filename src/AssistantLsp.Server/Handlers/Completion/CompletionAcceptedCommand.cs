using AssistantLsp.Features.Completion;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Workspace;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Completion;

/// <summary>Attached to every inline suggestion; the editor runs it on accept, so acceptance is counted.</summary>
public sealed class CompletionAcceptedCommand(InlineCompletionService completion) : ICommandRunner
{
    public const string CommandName = "assistantLsp.completionAccepted";

    public string Name => CommandName;

    public Task<JToken?> RunAsync(IReadOnlyList<JToken> arguments, RequestContext context, CancellationToken cancellationToken)
    {
        completion.RecordAccepted();
        return Task.FromResult<JToken?>(null);
    }
}
