using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Conversions;
using AssistantLsp.Server.Dispatch;
using Serilog;

namespace AssistantLsp.Server.Handlers.TextSync;

/// <summary>Applies incremental or full changes, in order; a change for an unopened document is logged and ignored.</summary>
/// <param name="onEdited">Optional hook (document, offset just after the last edit), e.g. to feed completion context; must be cheap.</param>
public sealed class DidChangeHandler(DocumentStore documents, ILogger log, Action<TextDocument, int>? onEdited = null) : LspNotificationHandler<DidChangeTextDocumentParams>
{
    public override string Method => "textDocument/didChange";

    public override void Handle(DidChangeTextDocumentParams notification, RequestContext context)
    {
        var changes = notification.ContentChanges.Select(ProtocolConversions.ToDocumentChange).ToList();
        if (!documents.TryChange(notification.TextDocument.Uri, notification.TextDocument.Version, changes, out var updated))
        {
            log.Warning("didChange for {Uri}, which is not open: ignored", notification.TextDocument.Uri);
            return;
        }

        if (onEdited is not null && updated is not null && changes.Count > 0)
        {
            var last = changes[^1];
            var offset = last.Range is { } range ? updated.OffsetAt(range.Start) + last.Text.Length : 0;
            onEdited(updated, Math.Clamp(offset, 0, updated.Text.Length));
        }
    }
}
