using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using Serilog;

namespace AssistantLsp.Server.Handlers.TextSync;

public sealed class DidCloseHandler(DocumentStore documents, ILogger log) : LspNotificationHandler<DidCloseTextDocumentParams>
{
    public override string Method => "textDocument/didClose";

    public override void Handle(DidCloseTextDocumentParams notification, RequestContext context)
    {
        if (!documents.Close(notification.TextDocument.Uri))
        {
            log.Warning("didClose for {Uri}, which is not open: ignored", notification.TextDocument.Uri);
        }
    }
}
