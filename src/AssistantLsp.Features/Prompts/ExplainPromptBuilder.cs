using System.Text;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// The user message asking the reasoning model to explain selected code: language, path, line
/// span, the diagnostics touching the selection, the user's question if any, the selection, and
/// the code around it as far as the budget allows. A selection too big for the budget is cut to
/// its first lines (and the message says so).
/// </summary>
public sealed class ExplainPromptBuilder(Func<string, int> countTokens)
{
    private readonly Func<string, int> _countTokens = countTokens ?? throw new ArgumentNullException(nameof(countTokens));

    /// <param name="selection">The code to explain.</param>
    /// <param name="question">The user's question about it, or null for a general explanation.</param>
    /// <param name="budgetTokens">Most tokens the message may take.</param>
    public UserMessagePrompt Build(CodeSelection selection, string? question, int budgetTokens)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var language = LanguageInfo.For(selection.LanguageId);
        var diagnostics = SelectionPromptAssembler.DescribeDiagnostics(selection, SelectionPromptAssembler.InSelection(selection));
        var span = SelectionPromptAssembler.LineSpan(selection);

        string Render(string selected, string before, string after)
        {
            var sb = new StringBuilder();
            sb.Append($"Explain the selected {language.DisplayName} code ({span} of `{selection.RelativePath}`).\n");
            if (!string.IsNullOrWhiteSpace(question))
            {
                sb.Append($"The user asks: {question.Trim()}\n");
            }
            else
            {
                sb.Append("Say what it does and how, and point out anything surprising or wrong.\n");
            }

            sb.Append("Answer in concise markdown.\n\n");
            if (selected.Length < selection.End - selection.Start)
            {
                sb.Append("(The selection is long; only its first lines are shown.)\n");
            }

            sb.Append("Selected code:\n").Append(MarkdownFence.Wrap(selected, language.FenceTag));
            if (diagnostics.Length > 0)
            {
                sb.Append("\nDiagnostics reported in the selection:\n").Append(diagnostics);
            }

            if (before.Length > 0)
            {
                sb.Append("\nCode before the selection, for context:\n").Append(MarkdownFence.Wrap(before, language.FenceTag));
            }

            if (after.Length > 0)
            {
                sb.Append("\nCode after the selection, for context:\n").Append(MarkdownFence.Wrap(after, language.FenceTag));
            }

            return sb.ToString();
        }

        return SelectionPromptAssembler.Assemble(selection, budgetTokens, _countTokens, Render, allowTruncatingSelection: true);
    }
}
