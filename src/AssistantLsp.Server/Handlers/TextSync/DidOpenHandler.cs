using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.TextSync;

/// <param name="onEdited">Optional hook (document, offset of the edit), e.g. to feed completion context; must be cheap.</param>
public sealed class DidOpenHandler(DocumentStore documents, Action<TextDocument, int>? onEdited = null) : LspNotificationHandler<DidOpenTextDocumentParams>
{
    public override string Method => "textDocument/didOpen";

    public override void Handle(DidOpenTextDocumentParams notification, RequestContext context)
    {
        var item = notification.TextDocument;
        var document = new TextDocument(item.Uri, item.LanguageId, item.Version, item.Text);
        documents.Open(document);
        onEdited?.Invoke(document, 0);
    }
}
