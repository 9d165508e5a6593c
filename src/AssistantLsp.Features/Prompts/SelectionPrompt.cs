namespace AssistantLsp.Features.Prompts;

/// <summary>A diagnostic the editor shows, in offsets of the document text.</summary>
public sealed record DiagnosticNote(int StartOffset, int EndOffset, string Severity, string Message)
{
    /// <summary>The diagnostic's code, e.g. "CS0103".</summary>
    public string? Code { get; init; }

    /// <summary>Who reported it, e.g. "csharp".</summary>
    public string? Source { get; init; }
}

/// <summary>Selected code in a document, what explain and code action prompts are built from.</summary>
/// <param name="DocumentText">The whole document.</param>
/// <param name="Start">UTF-16 offset where the selection starts.</param>
/// <param name="End">UTF-16 offset where it ends (exclusive).</param>
/// <param name="LanguageId">The editor's language id.</param>
/// <param name="RelativePath">Workspace-relative path shown to the model.</param>
public sealed record CodeSelection(string DocumentText, int Start, int End, string LanguageId, string RelativePath)
{
    /// <summary>The document's diagnostics; those touching the selection go in the prompt.</summary>
    public IReadOnlyList<DiagnosticNote> Diagnostics { get; init; } = [];

    public string SelectedText => DocumentText[Start..End];
}

/// <summary>A user-turn message for the reasoning model (no system prompt: R1 takes instructions in the user turn).</summary>
/// <param name="Text">The message; render it with <see cref="R1ChatFormat.Render"/> or the model's chat template.</param>
/// <param name="TokenCount">Its tokens by the builder's counter; at most the budget asked for.</param>
/// <param name="SelectionTruncated">True when the selection itself did not fit and only its first lines went in.</param>
public sealed record UserMessagePrompt(string Text, int TokenCount, bool SelectionTruncated);
