using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using Serilog;

namespace AssistantLsp.Server.Handlers.TextSync;

/// <param name="onClosed">Optional hook (uri) run after the document is dropped, e.g. to cancel its in-flight work and forget its context; must be cheap.</param>
public sealed class DidCloseHandler(DocumentStore documents, ILogger log, Action<string>? onClosed = null) : LspNotificationHandler<DidCloseTextDocumentParams>
{
    public override string Method => "textDocument/didClose";

    public override void Handle(DidCloseTextDocumentParams notification, RequestContext context)
    {
        var uri = notification.TextDocument.Uri;
        if (!documents.Close(uri))
        {
            log.Warning("didClose for {Uri}, which is not open: ignored", uri);
        }

        onClosed?.Invoke(uri);
    }
}
