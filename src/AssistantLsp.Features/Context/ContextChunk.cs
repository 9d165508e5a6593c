using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Context;

/// <summary>A piece of another document offered to the model as extra context.</summary>
/// <param name="Path">Workspace-relative path (or uri) of the document it came from.</param>
/// <param name="Text">The lines taken, joined with their original line breaks.</param>
public sealed record ContextChunk(string Path, string Text)
{
    /// <summary>
    /// Takes about <paramref name="lineCount"/> whole lines of <paramref name="documentText"/> centred on
    /// the line holding <paramref name="offset"/> (fewer near the ends of the document).
    /// </summary>
    public static ContextChunk Around(string path, string documentText, int offset, int lineCount)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineCount, 1);
        offset = Math.Clamp(offset, 0, documentText.Length);

        // Walks out from the cursor's line instead of splitting the whole document: this runs on edits.
        var lineStart = TextLines.LineStart(documentText, offset);
        var start = lineStart;
        var count = 0;
        while (count < lineCount / 2 && start > 0)
        {
            start = PreviousLineStart(documentText, start);
            count++;
        }

        var stop = lineStart;
        while (count < lineCount && stop < documentText.Length)
        {
            stop = TextLines.SkipLineBreak(documentText, TextLines.LineContentEnd(documentText, stop));
            count++;
        }

        while (count < lineCount && start > 0)
        {
            start = PreviousLineStart(documentText, start);
            count++;
        }

        return new ContextChunk(path, documentText[start..stop].TrimEnd('\r', '\n'));
    }

    private static int PreviousLineStart(string text, int lineStart)
    {
        var breakLength = text[lineStart - 1] == '\n' && lineStart >= 2 && text[lineStart - 2] == '\r' ? 2 : 1;
        return TextLines.LineStart(text, lineStart - breakLength);
    }
}
