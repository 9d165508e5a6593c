using System.Text;
using AssistantLsp.Features.CodeActions;

namespace AssistantLsp.Features.Prompts;

/// <summary>One code action prompt to build.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Selection">The code it applies to.</param>
public sealed record CodeActionPromptRequest(CodeActionKind Kind, CodeSelection Selection)
{
    /// <summary>For <see cref="CodeActionKind.Fix"/>: the diagnostic to fix (else the selection's diagnostics are listed).</summary>
    public DiagnosticNote? Diagnostic { get; init; }

    /// <summary>Extra words from the user ("use LINQ"), added to the instructions.</summary>
    public string? UserInstruction { get; init; }

    /// <summary>For <see cref="CodeActionKind.GenerateTests"/>: the test framework to use ("xunit", "pytest").</summary>
    public string? TestFramework { get; init; }

    /// <summary>Most tokens the message may take.</summary>
    public int BudgetTokens { get; init; } = 2048;
}

/// <summary>
/// The user message for a code action. Every kind asks for the answer's code in exactly one fenced
/// block (what <c>CodeBlockExtractor</c> takes out): for edits, the code that replaces exactly the
/// selection; for tests, a complete test file. The selection always goes in whole: a selection too
/// big for the budget is an error, since a replacement for half of it would be wrong.
/// </summary>
public sealed class CodeActionPromptBuilder(Func<string, int> countTokens)
{
    private readonly Func<string, int> _countTokens = countTokens ?? throw new ArgumentNullException(nameof(countTokens));

    public UserMessagePrompt Build(CodeActionPromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selection = request.Selection;
        ArgumentNullException.ThrowIfNull(selection);
        var language = LanguageInfo.For(selection.LanguageId);
        var inSelection = SelectionPromptAssembler.InSelection(selection);
        var diagnostics = request.Kind == CodeActionKind.Fix && request.Diagnostic is { } target
            ? SelectionPromptAssembler.DescribeDiagnostics(selection, [target])
            : SelectionPromptAssembler.DescribeDiagnostics(selection, inSelection);
        var task = Task(request, language, SelectionPromptAssembler.LineSpan(selection));

        string Render(string selected, string before, string after)
        {
            var sb = new StringBuilder(task);
            if (!string.IsNullOrWhiteSpace(request.UserInstruction))
            {
                sb.Append($"The user adds: {request.UserInstruction.Trim()}\n");
            }

            sb.Append(Reply(request.Kind, language)).Append('\n');
            sb.Append("Selected code:\n").Append(MarkdownFence.Wrap(selected, language.FenceTag));
            if (diagnostics.Length > 0)
            {
                sb.Append(request.Kind == CodeActionKind.Fix ? "\nProblem to fix:\n" : "\nDiagnostics reported in the selection:\n").Append(diagnostics);
            }

            if (before.Length > 0)
            {
                sb.Append("\nCode before the selection (do not repeat it):\n").Append(MarkdownFence.Wrap(before, language.FenceTag));
            }

            if (after.Length > 0)
            {
                sb.Append("\nCode after the selection (do not repeat it):\n").Append(MarkdownFence.Wrap(after, language.FenceTag));
            }

            return sb.ToString();
        }

        return SelectionPromptAssembler.Assemble(selection, request.BudgetTokens, _countTokens, Render, allowTruncatingSelection: false);
    }

    private static string Task(CodeActionPromptRequest request, LanguageInfo language, string span)
    {
        var where = $"the selected {language.DisplayName} code ({span} of `{request.Selection.RelativePath}`)";
        return request.Kind switch
        {
            CodeActionKind.Fix => $"Fix the problem listed below in {where}. Change only what the fix needs.\n",
            CodeActionKind.Document =>
                $"Add a documentation comment to {where}, in the usual style for {language.DisplayName} "
                + "(for example XML doc comments in C#, docstrings in Python, JSDoc in JavaScript and TypeScript). Change no code.\n",
            CodeActionKind.Refactor => $"Refactor {where} to be clearer and better structured without changing its behaviour.\n",
            CodeActionKind.Simplify => $"Simplify {where}: make it shorter and easier to read without changing its behaviour.\n",
            CodeActionKind.GenerateTests =>
                $"Write unit tests for {where}"
                + (string.IsNullOrWhiteSpace(request.TestFramework) ? "" : $" using {request.TestFramework.Trim()}")
                + ". Cover normal cases, edge cases and errors.\n",
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "Unknown code action kind."),
        };
    }

    private static string Reply(CodeActionKind kind, LanguageInfo language) => kind == CodeActionKind.GenerateTests
        ? $"Reply with a complete test file, including the imports it needs, in exactly one fenced code block (```{language.FenceTag}). Keep any explanation short and outside the block.\n"
        : $"Reply with the code that replaces exactly the selected code, in exactly one fenced code block (```{language.FenceTag}). "
          + "Keep the selection's indentation, do not include code from outside the selection, and keep any explanation short and outside the block.\n";
}
