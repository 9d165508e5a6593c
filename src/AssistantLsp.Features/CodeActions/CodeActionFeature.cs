using System.Diagnostics;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Requests;
using AssistantLsp.Features.Settings;

namespace AssistantLsp.Features.CodeActions;

/// <summary>
/// Resolving a code action as the server asks for it: waits for the reasoning model (at most
/// <see cref="ModelAccess.ReasoningWait"/>), runs <see cref="CodeActionService"/>, and records the
/// generation's figures on the model's slot. Failures the user can act on are
/// <see cref="AssistantRequestFailedException"/>; an unusable answer is the outcome's failure.
/// </summary>
public sealed class CodeActionFeature(IAssistantModels models)
{
    public async Task<CodeActionOutcome> ResolveAsync(CodeActionPromptRequest request, FeatureSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var slot = models.Reasoning;
        var model = await ModelAccess.AcquireAsync(slot, ModelAccess.ReasoningWait, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        CodeActionOutcome outcome;
        try
        {
            outcome = await CodeActionService.ResolveAsync(request, settings.ReasoningOptions(), model.Engine, model.Scheduler, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelAccess.ReasoningFailure(ex) is { } failure)
        {
            throw failure;
        }

        slot.RecordGeneration(outcome.Stats.ToGenerationStats(clock.Elapsed));
        return outcome;
    }
}
