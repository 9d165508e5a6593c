using AssistantLsp.Features.Explain;
using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Workspace;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// The "Explain selection" code action's command, served so any editor can run it: the answer is
/// shown with window/showMessage and the reasoning goes to window/logMessage (VS Code's client
/// intercepts the command and opens its explain view instead). Returns the explain result.
/// </summary>
public sealed class ExplainSelectionCommand(ExplainFeature explain, ClientChannel client) : ICommandRunner
{
    public const string CommandName = "assistantLsp.server.explainSelection";

    public string Name => CommandName;

    public async Task<JToken?> RunAsync(IReadOnlyList<JToken> arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var target = ReadTarget(arguments);
        var document = SelectionRequests.RequireDocument(context, target.Uri);
        var selection = SelectionRequests.ToSelection(document, target.Range, null, context.Workspace);
        var answer = await explain.ExplainAsync(selection, null, context.Settings.Features, (_, _) => Task.CompletedTask, cancellationToken);
        var result = ProtocolConversions.ToExplainResult(answer);
        if (result.Reasoning.Length > 0)
        {
            await client.LogMessageAsync(MessageType.Log, "Model's reasoning:\n" + result.Reasoning);
        }

        await client.ShowMessageAsync(MessageType.Info, result.Answer);
        return JToken.FromObject(result, LspJson.Serializer);
    }

    private static SelectionTarget ReadTarget(IReadOnlyList<JToken> arguments)
    {
        try
        {
            if (arguments.Count == 1 && arguments[0].ToObject<SelectionTarget>(LspJson.Serializer) is { Uri: not null, Range: not null } target)
            {
                return target;
            }
        }
        catch (JsonException)
        {
        }

        throw LspException.InvalidParams($"{CommandName} takes one argument {{ uri, range }}.");
    }

    private sealed record SelectionTarget(string Uri, Protocol.Types.Range Range);
}
