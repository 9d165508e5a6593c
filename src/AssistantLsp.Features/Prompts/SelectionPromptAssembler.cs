using System.Globalization;
using System.Text;

namespace AssistantLsp.Features.Prompts;

/// <summary>Renders a selection prompt from the selection and the kept text before and after it.</summary>
internal delegate string SelectionPromptRenderer(string selection, string before, string after);

/// <summary>
/// Budget logic shared by the explain and code action prompts: the selection always goes in whole
/// (or, where allowed, its first lines), and the lines around it fill what the budget leaves, with
/// the assembled text re-counted so the message never exceeds the budget.
/// </summary>
internal static class SelectionPromptAssembler
{
    private const double BeforeShare = 0.6;

    public static UserMessagePrompt Assemble(
        CodeSelection selection,
        int budget,
        Func<string, int> countTokens,
        SelectionPromptRenderer render,
        bool allowTruncatingSelection)
    {
        Validate(selection);
        var text = selection.DocumentText;
        var selected = selection.SelectedText;
        var truncated = false;

        var fixedCost = countTokens(render("", "", ""));
        if (fixedCost > budget)
        {
            throw new PromptTooLargeException(
                $"The prompt budget of {budget} tokens is smaller than the instructions alone ({fixedCost} tokens).");
        }

        var cost = countTokens(render(selected, "", ""));
        if (cost > budget)
        {
            if (!allowTruncatingSelection)
            {
                throw new PromptTooLargeException(
                    $"The selection needs {cost} tokens with its instructions, more than the budget of {budget}; select less code.");
            }

            selected = FirstLinesThatFit(selected, s => countTokens(render(s, "", "")), budget);
            truncated = true;
            return new UserMessagePrompt(render(selected, "", ""), countTokens(render(selected, "", "")), truncated);
        }

        var countLines = BudgetSearch.Memoize(countTokens);
        return BudgetSearch.LargestFitting(budget - cost, contentBudget =>
        {
            var window = ContextWindowFitter.Fit(text, selection.Start, selection.End, contentBudget, BeforeShare, countLines);
            var message = render(selected, text[window.BeforeStart..selection.Start], text[selection.End..window.AfterEnd]);
            var total = countTokens(message);
            return (new UserMessagePrompt(message, total, truncated), total - budget);
        });
    }

    /// <summary>Diagnostics touching the selection, one line each with 1-based line numbers.</summary>
    public static string DescribeDiagnostics(CodeSelection selection, IEnumerable<DiagnosticNote> diagnostics)
    {
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- line {LineNumber(selection.DocumentText, d.StartOffset)}: {d.Severity}");
            if (!string.IsNullOrEmpty(d.Code))
            {
                sb.Append(' ').Append(d.Code);
            }

            sb.Append(": ").Append(d.Message.ReplaceLineEndings(" "));
            if (!string.IsNullOrEmpty(d.Source))
            {
                sb.Append(" (").Append(d.Source).Append(')');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    public static IReadOnlyList<DiagnosticNote> InSelection(CodeSelection selection) =>
        selection.Diagnostics.Where(d => d.StartOffset <= selection.End && d.EndOffset >= selection.Start).ToArray();

    /// <summary>1-based line number of an offset.</summary>
    public static int LineNumber(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>The selection's line span, e.g. "lines 3-7" or "line 3".</summary>
    public static string LineSpan(CodeSelection selection)
    {
        var first = LineNumber(selection.DocumentText, selection.Start);
        var endOffset = selection.End > selection.Start ? selection.End - 1 : selection.End;
        var last = LineNumber(selection.DocumentText, endOffset);
        return first == last
            ? string.Create(CultureInfo.InvariantCulture, $"line {first}")
            : string.Create(CultureInfo.InvariantCulture, $"lines {first}-{last}");
    }

    private static string FirstLinesThatFit(string selected, Func<string, int> cost, int budget)
    {
        var lines = TextLines.SplitKeepingBreaks(selected);
        var kept = new StringBuilder();
        foreach (var line in lines)
        {
            if (cost(kept + line) > budget)
            {
                break;
            }

            kept.Append(line);
        }

        return kept.ToString();
    }

    private static void Validate(CodeSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(selection.DocumentText);
        TextLines.RequireOffset(selection.DocumentText, selection.Start, nameof(selection));
        TextLines.RequireOffset(selection.DocumentText, selection.End, nameof(selection));
        if (selection.End < selection.Start)
        {
            throw new ArgumentException($"Selection ends ({selection.End}) before it starts ({selection.Start}).", nameof(selection));
        }
    }
}
