namespace AssistantLsp.Features.Completion;

/// <summary>Counters of inline completion since the server started (a snapshot).</summary>
/// <param name="Requests">Requests that reached the service.</param>
/// <param name="Shown">Suggestions returned to the editor.</param>
/// <param name="Accepted">Suggestions the user accepted (reported by the editor's accept command).</param>
/// <param name="CacheHits">Answered from the cache for exactly this place, without the model.</param>
/// <param name="TypeAheadHits">Answered with the rest of a suggestion the user had typed into, without the model.</param>
/// <param name="ModelCalls">Generations run on the model.</param>
/// <param name="Dropped">Model outputs the post-processor dropped (only reasoning, empty, repeats the document).</param>
/// <param name="PromptTokens">Prompt tokens of all generations.</param>
/// <param name="ReusedPromptTokens">Of those, tokens whose KV cache was reused from the previous generation.</param>
/// <param name="OutOfTime">Requests answered with nothing because no first token came within <c>completion.maxPromptMs</c>.</param>
/// <param name="DropReasons">The <paramref name="Dropped"/> outputs by reason.</param>
public sealed record InlineCompletionStats(
    long Requests,
    long Shown,
    long Accepted,
    long CacheHits,
    long TypeAheadHits,
    long ModelCalls,
    long Dropped,
    long PromptTokens,
    long ReusedPromptTokens,
    long OutOfTime = 0,
    IReadOnlyDictionary<CompletionDropReason, long>? DropReasons = null);
