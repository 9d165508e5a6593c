using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Completion;

/// <summary>How raw completion output is cleaned, given what the model and prompt were.</summary>
public sealed record CompletionPostProcessOptions
{
    public string ThinkStart { get; init; } = R1ChatFormat.DefaultThinkStart;

    public string ThinkEnd { get; init; } = R1ChatFormat.DefaultThinkEnd;

    /// <summary>Special-token texts of the model and prompt (stop texts, FIM tokens, the cursor marker): the text is cut at the first one.</summary>
    public IReadOnlyList<string> SpecialTokenTexts { get; init; } = [];

    /// <summary>The document's language id; markdown keeps fences, as they are its content.</summary>
    public string? LanguageId { get; init; }

    /// <summary>Columns a tab counts for when comparing indentation.</summary>
    public int TabSize { get; init; } = 4;

    /// <summary>Options matching a prompt: its stop texts, and the cursor marker for chat prompts.</summary>
    public static CompletionPostProcessOptions ForPrompt(CompletionPrompt prompt, string? languageId)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var specials = prompt.Kind == CompletionPromptKind.Chat
            ? [.. prompt.StopTexts, R1CompletionPromptBuilder.CursorMarker]
            : prompt.StopTexts;
        return new CompletionPostProcessOptions { SpecialTokenTexts = specials, LanguageId = languageId };
    }
}

/// <summary>
/// The completion item the editor's suggest widget has selected: it would replace the document from
/// <paramref name="RangeStartOffset"/> up to the cursor with <paramref name="Text"/>. An inline
/// suggestion shown with it must extend that text over the same range.
/// </summary>
public sealed record SelectedCompletion(int RangeStartOffset, string Text);

public enum CompletionDropReason
{
    /// <summary>Nothing but whitespace was left.</summary>
    Empty,

    /// <summary>The model produced reasoning and no code.</summary>
    OnlyReasoning,

    /// <summary>The suggestion only repeats text that follows the cursor.</summary>
    RepeatsDocument,

    /// <summary>The suggestion does not extend the selected completion item's text.</summary>
    SelectedCompletionMismatch,
}

/// <summary>
/// What to show: <see cref="InsertText"/> replaces the document from <see cref="ReplaceStartOffset"/>
/// to the cursor (the cursor itself unless a selected completion item widened the range), or
/// nothing, with the reason.
/// </summary>
public sealed record ProcessedCompletion(string? InsertText, int ReplaceStartOffset, CompletionDropReason? DropReason)
{
    public bool IsDropped => InsertText is null;

    internal static ProcessedCompletion Dropped(CompletionDropReason reason, int cursor) => new(null, cursor, reason);
}
