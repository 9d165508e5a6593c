using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Completion;

/// <summary>Where a suggestion came from.</summary>
public enum CompletionSource
{
    Model,
    Cache,
    TypeAhead,
}

/// <summary>
/// A suggestion: <paramref name="InsertText"/> replaces the document from
/// <paramref name="ReplaceStartOffset"/> to the cursor (UTF-16 offsets).
/// </summary>
/// <param name="Stats">The generation's figures when the model ran; null for cache answers.</param>
public sealed record InlineCompletionResult(string InsertText, int ReplaceStartOffset, CompletionSource Source, GenerationStats? Stats);
