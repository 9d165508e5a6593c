using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.CodeActions;

/// <summary>An action the editor may list for a selection; nothing is computed until it is resolved.</summary>
/// <param name="Title">What the user sees.</param>
/// <param name="Kind">What the model is asked to do.</param>
/// <param name="Diagnostic">For fixes: the diagnostic to fix.</param>
public sealed record CodeActionOffer(string Title, CodeActionKind Kind, DiagnosticNote? Diagnostic = null);

/// <summary>The actions offered for a selection, cheaply (no model call).</summary>
public static class CodeActionCatalog
{
    /// <summary>
    /// One fix per diagnostic touching the selection first (the most specific help), then the
    /// selection-wide actions when anything is selected.
    /// </summary>
    public static IReadOnlyList<CodeActionOffer> Offers(int selectionStart, int selectionEnd, IReadOnlyList<DiagnosticNote> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var offers = new List<CodeActionOffer>();
        foreach (var diagnostic in diagnostics.Where(d => d.StartOffset <= selectionEnd && d.EndOffset >= selectionStart))
        {
            offers.Add(new CodeActionOffer($"Fix: {FirstLine(diagnostic.Message)}", CodeActionKind.Fix, diagnostic));
        }

        if (selectionEnd > selectionStart)
        {
            offers.Add(new CodeActionOffer("Add documentation comment", CodeActionKind.Document));
            offers.Add(new CodeActionOffer("Simplify selection", CodeActionKind.Simplify));
            offers.Add(new CodeActionOffer("Refactor selection", CodeActionKind.Refactor));
            offers.Add(new CodeActionOffer("Generate unit tests", CodeActionKind.GenerateTests));
        }

        return offers;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");
    }
}
