using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.TextSync;

public sealed class DidOpenHandler(DocumentStore documents) : LspNotificationHandler<DidOpenTextDocumentParams>
{
    public override string Method => "textDocument/didOpen";

    public override void Handle(DidOpenTextDocumentParams notification, RequestContext context)
    {
        var item = notification.TextDocument;
        documents.Open(new TextDocument(item.Uri, item.LanguageId, item.Version, item.Text));
    }
}
