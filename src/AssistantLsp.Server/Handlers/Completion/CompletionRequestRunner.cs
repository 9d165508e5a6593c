using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Documents;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Dispatch;

namespace AssistantLsp.Server.Handlers.Completion;

/// <summary>
/// What both completion methods share: find the open document and ask
/// <see cref="InlineCompletionFeature"/>, waiting at most <c>maxWait</c> for a loading model so ghost
/// text never hangs. A request superseded by a newer one for the same document, or by an edit,
/// answers ServerCancelled (-32802), which editors drop silently.
/// </summary>
public sealed class CompletionRequestRunner(InlineCompletionFeature completion)
{
    public async Task<(TextDocument Document, InlineCompletionResult Result)?> RunAsync(
        string uri, LinePosition position, SelectedSuggestion? selected, RequestContext context, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var settings = context.Settings.Features;
        if (!settings.CompletionEnabled)
        {
            // Off answers nothing, even for a document that is not open.
            return null;
        }

        var document = context.Documents.TryGet(uri)
            ?? throw LspException.RequestFailed($"The document is not open: {Protocol.LogText.Shorten(uri, 300)}. Send textDocument/didOpen first.");
        var query = new InlineCompletionQuery(document, position, settings, maxWait)
        {
            Selected = selected,
            ChangedSinceArrival = () => context.ChangedSinceSnapshot(uri),
        };
        InlineCompletionResult? result;
        try
        {
            result = await completion.CompleteAsync(query, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LspException.Create(LspErrorCodes.ServerCancelled, "Cancelled by the server, stale: the document changed, or a newer completion request for it arrived.");
        }

        return result is null ? null : (document, result);
    }
}
