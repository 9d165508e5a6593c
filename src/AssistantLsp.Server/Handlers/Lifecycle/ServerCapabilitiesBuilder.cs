using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.Lifecycle;

/// <summary>
/// Capabilities derived from the handlers actually registered, so initialize never advertises
/// a method the server does not serve.
/// </summary>
public sealed class ServerCapabilitiesBuilder(IReadOnlyCollection<ILspHandler> handlers, IReadOnlyList<string> commands)
{
    public ServerCapabilities Build()
    {
        var methods = handlers.Select(h => h.Method).ToHashSet(StringComparer.Ordinal);
        return new ServerCapabilities
        {
            PositionEncoding = "utf-16",
            TextDocumentSync = new TextDocumentSyncOptions
            {
                OpenClose = methods.Contains("textDocument/didOpen"),
                Change = methods.Contains("textDocument/didChange") ? TextDocumentSyncKind.Incremental : TextDocumentSyncKind.None,
                Save = methods.Contains("textDocument/didSave") ? new SaveOptions(IncludeText: false) : null,
            },
            InlineCompletionProvider = methods.Contains("textDocument/inlineCompletion") ? new { } : null,
            CompletionProvider = methods.Contains("textDocument/completion") ? new CompletionOptions() : null,
            CodeActionProvider = methods.Contains("textDocument/codeAction")
                ? new CodeActionOptions(["quickfix", "refactor.rewrite", "refactor.extract"], methods.Contains("codeAction/resolve"))
                : null,
            ExecuteCommandProvider = methods.Contains("workspace/executeCommand") && commands.Count > 0
                ? new ExecuteCommandOptions(commands)
                : null,
        };
    }
}
