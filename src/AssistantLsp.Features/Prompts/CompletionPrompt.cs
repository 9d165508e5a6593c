using AssistantLsp.Features.Context;

namespace AssistantLsp.Features.Prompts;

/// <summary>What an inline completion prompt is built from, in editor terms.</summary>
/// <param name="DocumentText">The whole document.</param>
/// <param name="CursorOffset">UTF-16 offset of the cursor in <paramref name="DocumentText"/>.</param>
/// <param name="LanguageId">The editor's language id ("csharp").</param>
/// <param name="RelativePath">Workspace-relative path, shown to the model in a header.</param>
public sealed record CompletionPromptRequest(string DocumentText, int CursorOffset, string LanguageId, string RelativePath)
{
    /// <summary>Chunks of other documents, most wanted first; those that fit the budget left after the document go in.</summary>
    public IReadOnlyList<ContextChunk> ExtraContext { get; init; } = [];

    /// <summary>Most tokens the whole prompt may have (measured with the model's tokenizer).</summary>
    public int ContextTokens { get; init; } = 1024;

    /// <summary>Share of the document budget for text before the cursor; the rest is for text after it.</summary>
    public double PrefixShare { get; init; } = 0.75;

    /// <summary>
    /// When set, the layout for KV-cache reuse across keystrokes (see <see cref="StableCompletionLayout"/>):
    /// at most this many tokens after the cursor, and the prefix start kept at <see cref="PrefixStartHint"/>.
    /// </summary>
    public int? SuffixMaxTokens { get; init; }

    /// <summary>Document offset (a line start) where the previous prompt's prefix started; kept while it fits.</summary>
    public int? PrefixStartHint { get; init; }

    /// <summary>Share of the prefix budget left free when the prefix start has to move, so it stays put for a while.</summary>
    public double PrefixGrowthRoom { get; init; } = 0.25;
}

public enum CompletionPromptKind
{
    /// <summary>Fill-in-the-middle tokens around the cursor; the output is the middle.</summary>
    Fim,

    /// <summary>A chat turn asking for the code at a marker, with reasoning skipped by a prefilled empty think block.</summary>
    Chat,
}

/// <summary>A ready prompt: its text (special-token text included), and the texts that end generation.</summary>
/// <param name="Text">Tokenize as is (special-token text recognized), no BOS added.</param>
/// <param name="StopTexts">Generation ends at any of these; they never belong to the suggestion.</param>
/// <param name="Kind">Which layout was used.</param>
/// <param name="TokenCount">Tokens of <paramref name="Text"/> by the counter given to the builder; at most the request's budget.</param>
/// <param name="PrefixStartOffset">Document offset where the kept text before the cursor starts.</param>
/// <param name="SuffixEndOffset">Document offset where the kept text after the cursor ends.</param>
/// <param name="ContextPaths">Paths of the extra context chunks that went in, in prompt order.</param>
public sealed record CompletionPrompt(
    string Text,
    IReadOnlyList<string> StopTexts,
    CompletionPromptKind Kind,
    int TokenCount,
    int PrefixStartOffset,
    int SuffixEndOffset,
    IReadOnlyList<string> ContextPaths);

/// <summary>Builds the inline completion prompt for one model; pick one with <see cref="CompletionPromptBuilderFactory"/>.</summary>
public interface ICompletionPromptBuilder
{
    CompletionPromptKind Kind { get; }

    /// <summary>Builds a prompt within <see cref="CompletionPromptRequest.ContextTokens"/>; throws <see cref="ArgumentException"/> for bad offsets or a budget too small for the fixed part.</summary>
    CompletionPrompt Build(CompletionPromptRequest request);
}
