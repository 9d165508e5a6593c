using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Hosting;
using Serilog;

namespace AssistantLsp.Server.Handlers.TextSync;

/// <summary>Applies incremental or full changes, in order; a change for an unopened document is logged and ignored.</summary>
public sealed class DidChangeHandler(DocumentStore documents, ILogger log) : LspNotificationHandler<DidChangeTextDocumentParams>
{
    public override string Method => "textDocument/didChange";

    public override void Handle(DidChangeTextDocumentParams notification, RequestContext context)
    {
        var changes = notification.ContentChanges.Select(ProtocolConversions.ToDocumentChange).ToList();
        if (!documents.TryChange(notification.TextDocument.Uri, notification.TextDocument.Version, changes, out _))
        {
            log.Warning("didChange for {Uri}, which is not open: ignored", notification.TextDocument.Uri);
        }
    }
}
