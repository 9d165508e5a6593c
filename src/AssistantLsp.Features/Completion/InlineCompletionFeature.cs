using AssistantLsp.Features.Requests;
using AssistantLsp.Features.Settings;

namespace AssistantLsp.Features.Completion;

/// <summary>
/// Inline completion as the server asks for it: checks the document's size, watches it for edits,
/// waits for the completion model (at most the query's <c>MaxWait</c>), runs
/// <see cref="InlineCompletionService"/> and records the generation's figures on the model's slot.
/// Failures the user can act on are <see cref="AssistantRequestFailedException"/>; a request made
/// stale by an edit or a newer request is cancelled (OperationCanceledException).
/// </summary>
public sealed class InlineCompletionFeature(InlineCompletionService completion, IAssistantModels models)
{
    public async Task<InlineCompletionResult?> CompleteAsync(InlineCompletionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (document, position, settings, maxWait) = query;
        if (!settings.CompletionEnabled)
        {
            return null;
        }

        if (DocumentSizeLimit.Check(document, settings) is { } tooBig)
        {
            throw new AssistantRequestFailedException(tooBig);
        }

        var cursor = document.OffsetAt(position);
        var selected = query.Selected is { } s ? new SelectedCompletion(document.OffsetAt(s.Start), s.Text) : null;
        var slot = models.ForCompletion;

        // Watched from here on: an edit while the model loads or the prompt is built cancels too.
        using var staleOnEdit = completion.WatchForEdits(document.Uri, cancellationToken);
        if (query.ChangedSinceArrival())
        {
            // Edited or closed between arrival and now (readers run off the message loop).
            throw new OperationCanceledException(staleOnEdit.Token);
        }

        InlineCompletionResult? result;
        try
        {
            var model = await ModelAccess.AcquireAsync(slot, maxWait, staleOnEdit.Token).ConfigureAwait(false);
            result = await completion.CompleteAsync(document, cursor, selected, settings, model, staleOnEdit.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // The settings leave no room for a prompt, or a remote server failed: the message says what to change.
            throw new AssistantRequestFailedException(ex.Message, ex);
        }

        if (result?.Stats is { } stats)
        {
            slot.RecordGeneration(stats);
        }

        return result;
    }
}
