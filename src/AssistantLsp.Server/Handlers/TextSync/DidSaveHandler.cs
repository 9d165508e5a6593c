using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.TextSync;

/// <summary>When the client includes the saved text, it replaces ours (a resync point after any drift).</summary>
public sealed class DidSaveHandler(DocumentStore documents) : LspNotificationHandler<DidSaveTextDocumentParams>
{
    public override string Method => "textDocument/didSave";

    public override void Handle(DidSaveTextDocumentParams notification, RequestContext context)
    {
        if (notification.Text is { } text && context.Documents.TryGet(notification.TextDocument.Uri) is { } open)
        {
            documents.TryChange(open.Uri, open.Version, [new DocumentChange(null, text)], out _);
        }
    }
}
