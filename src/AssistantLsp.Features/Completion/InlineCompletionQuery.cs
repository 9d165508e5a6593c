using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Settings;

namespace AssistantLsp.Features.Completion;

/// <summary>An inline-completion request in editor terms.</summary>
/// <param name="Document">The document as the request saw it.</param>
/// <param name="Position">The cursor.</param>
/// <param name="MaxWait">Longest wait for a model still loading: ghost text must never hang.</param>
public sealed record InlineCompletionQuery(TextDocument Document, LinePosition Position, FeatureSettings Settings, TimeSpan MaxWait)
{
    /// <summary>The suggest widget's selected item, which the suggestion must extend; null when none.</summary>
    public SelectedSuggestion? Selected { get; init; }

    /// <summary>
    /// True when the document changed or closed after the request arrived. Asked once edits are
    /// watched, so an edit between arrival and the watch cancels the request too.
    /// </summary>
    public Func<bool> ChangedSinceArrival { get; init; } = static () => false;
}

/// <summary>The suggest widget's selected item: where its range starts, and its text.</summary>
public sealed record SelectedSuggestion(LinePosition Start, string Text);
