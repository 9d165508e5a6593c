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

        var lines = TextLines.SplitKeepingBreaks(documentText);
        if (lines.Count == 0)
        {
            return new ContextChunk(path, "");
        }

        var cursorLine = 0;
        var lineStart = 0;
        while (cursorLine < lines.Count - 1 && lineStart + lines[cursorLine].Length <= offset)
        {
            lineStart += lines[cursorLine].Length;
            cursorLine++;
        }

        var first = Math.Max(0, cursorLine - (lineCount / 2));
        var last = Math.Min(lines.Count, first + lineCount);
        first = Math.Max(0, last - lineCount);
        return new ContextChunk(path, string.Concat(lines.Skip(first).Take(last - first)).TrimEnd('\r', '\n'));
    }
}
