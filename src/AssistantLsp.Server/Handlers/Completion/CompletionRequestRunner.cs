using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Settings;
using AssistantLsp.Inference.Slots;
using AssistantLsp.Protocol;
using AssistantLsp.Server.Dispatch;
using AssistantLsp.Server.Models;

namespace AssistantLsp.Server.Handlers.Completion;

/// <summary>
/// What both completion methods share: find the document, check its size, get the model (waiting
/// at most <c>maxWait</c> so ghost text never hangs), run the service, record the figures. Errors
/// the user can act on become RequestFailed with the reason; a request superseded by a newer one
/// for the same document, or by an edit, answers ServerCancelled (-32802), which editors drop silently.
/// </summary>
public sealed class CompletionRequestRunner(InlineCompletionService completion, AssistantModels models)
{
    public async Task<(TextDocument Document, InlineCompletionResult Result)?> RunAsync(
        string uri, LinePosition position, SelectedCompletionInfoTerms? selected, RequestContext context, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        if (!settings.CompletionEnabled)
        {
            return null;
        }

        var document = context.Documents.TryGet(uri)
            ?? throw LspException.RequestFailed($"The document is not open: {Protocol.LogText.Shorten(uri, 300)}. Send textDocument/didOpen first.");
        if (DocumentSizeLimit.Check(document, settings) is { } tooBig)
        {
            throw LspException.RequestFailed(tooBig);
        }

        var cursor = document.OffsetAt(position);
        var selection = selected is { } s ? new SelectedCompletion(document.OffsetAt(s.Start), s.Text) : null;
        var slot = models.ForCompletion;

        // Watched from here on: an edit while the model loads or the prompt is built cancels too.
        using var staleOnEdit = completion.WatchForEdits(uri, cancellationToken);
        InlineCompletionResult? result;
        try
        {
            if (context.ChangedSinceSnapshot(uri))
            {
                // Edited or closed between arrival and now (readers run off the message loop).
                throw new OperationCanceledException(staleOnEdit.Token);
            }

            LoadedModel model;
            try
            {
                model = await slot.AcquireAsync(maxWait, staleOnEdit.Token);
            }
            catch (ModelUnavailableException ex)
            {
                throw LspException.RequestFailed(ex.Message);
            }

            result = await completion.CompleteAsync(document, cursor, selection, settings, model, staleOnEdit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LspException.Create(LspErrorCodes.ServerCancelled, "Cancelled by the server, stale: the document changed, or a newer completion request for it arrived.");
        }
        catch (InvalidOperationException ex)
        {
            throw LspException.RequestFailed(ex.Message);
        }

        if (result?.Stats is { } stats)
        {
            slot.RecordGeneration(stats);
        }

        return result is null ? null : (document, result);
    }
}

/// <summary>The selected suggest item in editor terms: its range start and text.</summary>
public sealed record SelectedCompletionInfoTerms(LinePosition Start, string Text);
