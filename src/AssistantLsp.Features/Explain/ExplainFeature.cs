using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Requests;
using AssistantLsp.Features.Settings;

namespace AssistantLsp.Features.Explain;

/// <summary>
/// Explain as the server asks for it: checks the selection, waits for the reasoning model (at most
/// <see cref="ModelAccess.ReasoningWait"/>), then <see cref="ExplainJob"/> streams the explanation.
/// Failures the user can act on are <see cref="AssistantRequestFailedException"/>.
/// </summary>
public sealed class ExplainFeature(IAssistantModels models)
{
    /// <summary>Ready to run once this returns: the model is loaded (callers report progress from here on).</summary>
    public async Task<ExplainJob> PrepareAsync(CodeSelection selection, string? question, FeatureSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(settings);
        if (selection.End == selection.Start)
        {
            throw new AssistantRequestFailedException("Select the code to explain first.");
        }

        var slot = models.Reasoning;
        var model = await ModelAccess.AcquireAsync(slot, ModelAccess.ReasoningWait, cancellationToken).ConfigureAwait(false);
        return new ExplainJob(slot, model, new ExplainRequest(selection, question, settings.ReasoningOptions()));
    }

    /// <summary><see cref="PrepareAsync"/> and <see cref="ExplainJob.RunAsync"/> in one step.</summary>
    public async Task<ExplainAnswer> ExplainAsync(
        CodeSelection selection, string? question, FeatureSettings settings, Func<ExplainSegment, CancellationToken, Task> onSegment, CancellationToken cancellationToken)
    {
        var job = await PrepareAsync(selection, question, settings, cancellationToken).ConfigureAwait(false);
        return await job.RunAsync(onSegment, cancellationToken).ConfigureAwait(false);
    }
}
