using System.Text;
using AssistantLsp.Features.Context;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// Inline completion for R1-distill models, which have no FIM tokens: the user turn shows the
/// code with a marker at the cursor (the code after it first, then the code up to it, so the prompt
/// changes only at its end while the user types) and asks for only the code to insert there; the
/// assistant turn is prefilled with an empty think block so no budget goes to reasoning.
/// </summary>
public sealed class R1CompletionPromptBuilder : ICompletionPromptBuilder
{
    /// <summary>Where the cursor is, in the code shown to the model.</summary>
    public const string CursorMarker = "<CURSOR>";

    private readonly SpecialTokens _tokens;
    private readonly Func<string, int> _countTokens;
    private readonly IReadOnlyList<string> _stopTexts;

    public R1CompletionPromptBuilder(SpecialTokens tokens, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(countTokens);
        _tokens = tokens;
        _countTokens = countTokens;
        _stopTexts = R1ChatFormat.StopTexts(tokens);
    }

    public CompletionPromptKind Kind => CompletionPromptKind.Chat;

    public CompletionPrompt Build(CompletionPromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageInfo.For(request.LanguageId);

        string Render(string prefix, string suffix, IReadOnlyList<string> chunks)
        {
            var sb = new StringBuilder();
            sb.Append($"Complete the {language.DisplayName} code in `{request.RelativePath}` at the {CursorMarker} marker.\n");
            sb.Append($"Reply with only the code to insert at {CursorMarker}: no explanation, no markdown, ");
            sb.Append("and do not repeat code that is already before or after the marker.\n\n");
            if (chunks.Count > 0)
            {
                sb.Append("Code from other files, for reference:\n\n");
                foreach (var chunk in chunks)
                {
                    sb.Append(chunk);
                }
            }

            if (string.IsNullOrWhiteSpace(suffix))
            {
                sb.Append($"File `{request.RelativePath}`:\n");
                sb.Append(MarkdownFence.Wrap(prefix + CursorMarker + suffix, language.FenceTag));
            }
            else
            {
                // Suffix first: while the user types, the text after the cursor stays the same, so
                // everything up to the typed line stays in the KV cache and only the last few
                // tokens are computed per keystroke (in one piece, the suffix would follow every
                // change and be recomputed each time).
                sb.Append($"The code that follows the {CursorMarker} marker in `{request.RelativePath}`:\n");
                sb.Append(MarkdownFence.Wrap(suffix, language.FenceTag));
                sb.Append($"\nFile `{request.RelativePath}` up to the {CursorMarker} marker:\n");
                sb.Append(MarkdownFence.Wrap(prefix + CursorMarker, language.FenceTag));
            }

            return R1ChatFormat.Render(_tokens, sb.ToString(), skipThinking: true);
        }

        string FormatChunk(ContextChunk chunk) =>
            $"File `{chunk.Path}`:\n{MarkdownFence.Wrap(chunk.Text, language.FenceTag)}\n";

        return CompletionPromptAssembler.Assemble(request, _countTokens, Render, FormatChunk, _stopTexts, Kind);
    }
}
