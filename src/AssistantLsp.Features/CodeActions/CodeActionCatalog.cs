using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.CodeActions;

/// <summary>The actions offered for a selection, cheaply (no model call).</summary>
public static class CodeActionCatalog
{
    /// <summary>
    /// One fix per diagnostic touching the selection first (the most specific help), then the
    /// selection-wide actions when anything is selected. With only a cursor, those actions work
    /// on the function or block around it (<paramref name="documentText"/>; see <see cref="EnclosingBlock"/>).
    /// </summary>
    public static IReadOnlyList<CodeActionOffer> Offers(int selectionStart, int selectionEnd, IReadOnlyList<DiagnosticNote> diagnostics, string? documentText = null)
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
        else if (documentText is not null && EnclosingBlock.Find(documentText, selectionStart) is { } block)
        {
            offers.Add(new CodeActionOffer("Add documentation comment", CodeActionKind.Document, Target: block));
            offers.Add(new CodeActionOffer("Simplify this block", CodeActionKind.Simplify, Target: block));
            offers.Add(new CodeActionOffer("Refactor this block", CodeActionKind.Refactor, Target: block));
            offers.Add(new CodeActionOffer("Generate unit tests", CodeActionKind.GenerateTests, Target: block));
        }

        return offers;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");
    }
}
