using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Workspace;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// A resolved code action's command: shows why the model made its edit (window/showMessage), so
/// the reasoning is visible in any editor but never part of the edit. VS Code's client intercepts
/// it and opens its reasoning view instead.
/// </summary>
public sealed class ShowReasoningCommand(ClientChannel client) : ICommandRunner
{
    public const string CommandName = "assistantLsp.server.showReasoning";

    public string Name => CommandName;

    public async Task<JToken?> RunAsync(IReadOnlyList<JToken> arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var argument = arguments.Count == 1 ? arguments[0] as JObject : null;
        var reasoning = argument?.Value<string>("reasoning");
        if (reasoning is null)
        {
            throw LspException.InvalidParams($"{CommandName} takes one argument {{ title, reasoning }}.");
        }

        var title = argument!.Value<string>("title") ?? "Code action";
        await client.ShowMessageAsync(MessageType.Info, $"{title} — the model's reasoning:\n{reasoning}");
        return null;
    }
}
