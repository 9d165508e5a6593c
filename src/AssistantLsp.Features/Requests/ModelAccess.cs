using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Slots;
using AssistantLsp.Inference.Remote;

namespace AssistantLsp.Features.Requests;

/// <summary>How a feature gets its model, and which model-side failures reach the user as <see cref="AssistantRequestFailedException"/>.</summary>
internal static class ModelAccess
{
    /// <summary>How long explain and code actions wait for a reasoning model that is still loading.</summary>
    public static readonly TimeSpan ReasoningWait = TimeSpan.FromSeconds(30);

    /// <summary>The loaded model, or the slot's explanation of why not (not configured, loading, broken).</summary>
    public static async Task<LoadedModel> AcquireAsync(ModelSlot slot, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        try
        {
            return await slot.AcquireAsync(maxWait, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelUnavailableException ex)
        {
            throw new AssistantRequestFailedException(ex.Message, ex);
        }
    }

    /// <summary>
    /// A reasoning run's failure as the user reads it, or null when it is none of theirs (a bug,
    /// which stays an internal error).
    /// </summary>
    public static AssistantRequestFailedException? ReasoningFailure(Exception exception) => exception switch
    {
        PromptTooLargeException => new($"The selection is too large for the model's context: {exception.Message}", exception),
        RemoteEngineException => new(exception.Message, exception),
        _ => null,
    };
}
