using AssistantLsp.Protocol;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Client;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Handlers.Assistant;
using AssistantLsp.Server.Handlers.Workspace;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.CodeActions;

/// <summary>
/// The "Explain selection" code action's command, served so any editor can run it: the answer is
/// shown with window/showMessage and the reasoning goes to window/logMessage (VS Code's client
/// intercepts the command and opens its explain view instead). Returns the explain result.
/// </summary>
public sealed class ExplainSelectionCommand(ExplainHandler explain, ClientChannel client) : ICommandRunner
{
    public const string CommandName = "assistantLsp.server.explainSelection";

    public string Name => CommandName;

    public async Task<JToken?> RunAsync(IReadOnlyList<JToken> arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var target = ReadTarget(arguments);
        var result = await explain.HandleAsync(new ExplainParams(new TextDocumentIdentifier(target.Uri), target.Range), context, cancellationToken);
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
