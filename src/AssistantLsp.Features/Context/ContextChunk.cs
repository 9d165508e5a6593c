using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Context;

/// <summary>A piece of another document offered to the model as extra context.</summary>
/// <param name="Path">Workspace-relative path of the document it came from: what the model is shown.</param>
/// <param name="Text">The lines taken, joined with their original line breaks.</param>
public sealed record ContextChunk(string Path, string Text)
{
    /// <summary>
    /// Most characters a chunk keeps (about a thousand tokens, more than completion ever spends on
    /// context): a minified or generated file with one huge line must not put megabytes in the ring.
    /// </summary>
    public const int DefaultMaxCharacters = 4096;

    /// <summary>The document's uri, to drop its chunks when it closes and leave them out of its own prompt; never shown to the model.</summary>
    public string? DocumentUri { get; init; }

    /// <summary>What identifies the source document: its uri when known, else its path.</summary>
    internal string SourceKey => DocumentUri ?? Path;

    /// <summary>
    /// Takes about <paramref name="lineCount"/> whole lines of <paramref name="documentText"/> centred on
    /// the line holding <paramref name="offset"/> (fewer near the ends of the document), at most
    /// <paramref name="maxCharacters"/> of them: when the lines are longer, the window around the
    /// offset is cut to whole lines where it holds any, else to the characters around the offset.
    /// </summary>
    public static ContextChunk Around(string path, string documentText, int offset, int lineCount, int maxCharacters = DefaultMaxCharacters)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
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

        if (stop - start > maxCharacters)
        {
            (start, stop) = Narrow(documentText, start, stop, offset, maxCharacters);
        }

        return new ContextChunk(path, documentText[start..stop].TrimEnd('\r', '\n'));
    }

    /// <summary>At most <paramref name="maxCharacters"/> of [start, stop) around the offset, whole lines when it spans a line break.</summary>
    private static (int Start, int Stop) Narrow(string text, int start, int stop, int offset, int maxCharacters)
    {
        var from = Math.Clamp(offset - (maxCharacters / 2), start, stop - maxCharacters);
        var to = from + maxCharacters;

        // Drop the partial lines at either end when a whole line is left between them.
        var firstBreak = text.AsSpan(from, to - from).IndexOfAny('\r', '\n');
        var lastBreak = text.AsSpan(from, to - from).LastIndexOfAny('\r', '\n');
        if (firstBreak >= 0 && lastBreak > firstBreak)
        {
            var wholeFrom = from == start || text[from - 1] is '\r' or '\n' ? from : TextLines.SkipLineBreak(text, from + firstBreak);
            var wholeTo = to == stop ? to : from + lastBreak + 1;
            if (wholeTo > wholeFrom)
            {
                from = wholeFrom;
                to = wholeTo;
            }
        }

        // Never split a character.
        if (from > 0 && char.IsLowSurrogate(text[from]) && char.IsHighSurrogate(text[from - 1]))
        {
            from++;
        }

        if (to < text.Length && to > from && char.IsLowSurrogate(text[to]) && char.IsHighSurrogate(text[to - 1]))
        {
            to--;
        }

        return (from, to);
    }

    private static int PreviousLineStart(string text, int lineStart)
    {
        var breakLength = text[lineStart - 1] == '\n' && lineStart >= 2 && text[lineStart - 2] == '\r' ? 2 : 1;
        return TextLines.LineStart(text, lineStart - breakLength);
    }
}
