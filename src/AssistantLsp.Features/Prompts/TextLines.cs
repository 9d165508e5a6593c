namespace AssistantLsp.Features.Prompts;

/// <summary>
/// Line arithmetic on plain strings. Lines end at \n, \r\n or a lone \r (as in LSP); offsets are
/// UTF-16 code units.
/// </summary>
internal static class TextLines
{
    /// <summary>Start offset of the line holding <paramref name="offset"/>.</summary>
    public static int LineStart(string text, int offset)
    {
        // A vectorized search: documents may hold megabyte-long lines (minified files).
        var previousBreak = text.AsSpan(0, offset).LastIndexOfAny('\n', '\r');
        return previousBreak + 1;
    }

    /// <summary>Offset of the line break (or end of text) of the line holding <paramref name="offset"/>.</summary>
    public static int LineContentEnd(string text, int offset)
    {
        var nextBreak = text.AsSpan(offset).IndexOfAny('\n', '\r');
        return nextBreak < 0 ? text.Length : offset + nextBreak;
    }

    /// <summary>Offset just past the line break that starts at <paramref name="breakOffset"/> (unchanged at end of text).</summary>
    public static int SkipLineBreak(string text, int breakOffset)
    {
        if (breakOffset >= text.Length)
        {
            return breakOffset;
        }

        if (text[breakOffset] == '\r' && breakOffset + 1 < text.Length && text[breakOffset + 1] == '\n')
        {
            return breakOffset + 2;
        }

        return breakOffset + 1;
    }

    /// <summary>Splits into lines, each keeping its own terminator; the last may have none. Empty text gives no lines.</summary>
    public static List<string> SplitKeepingBreaks(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = SkipLineBreak(text, LineContentEnd(text, start));
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    /// <summary>Splits into line contents without terminators ("a\n" gives "a" and "").</summary>
    public static string[] SplitContents(string text) => text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);

    public static string WithoutBreak(string line) => line.TrimEnd('\r', '\n');

    /// <summary>The document's dominant line break, taken from its first one; \n when it has none.</summary>
    public static string DetectLineBreak(string text)
    {
        var i = text.AsSpan().IndexOfAny('\r', '\n');
        if (i < 0 || text[i] == '\n')
        {
            return "\n";
        }

        return i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : "\r";
    }

    /// <summary>Rewrites every line break in <paramref name="text"/> as <paramref name="lineBreak"/>.</summary>
    public static string NormalizeBreaks(string text, string lineBreak) =>
        string.Join(lineBreak, SplitContents(text));

    public static string LeadingWhitespace(string line)
    {
        var i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
        {
            i++;
        }

        return line[..i];
    }

    /// <summary>Visual width of leading whitespace, a tab counting as <paramref name="tabSize"/> columns.</summary>
    public static int IndentWidth(string line, int tabSize = 4)
    {
        var width = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width += tabSize - (width % tabSize);
            }
            else
            {
                break;
            }
        }

        return width;
    }

    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Throws a clear error when <paramref name="offset"/> is outside the text or splits a surrogate pair.</summary>
    public static void RequireOffset(string text, int offset, string parameterName)
    {
        if (offset < 0 || offset > text.Length)
        {
            throw new ArgumentOutOfRangeException(parameterName, offset, $"Offset must lie within the text (0..{text.Length}).");
        }

        if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]))
        {
            throw new ArgumentException($"Offset {offset} splits a surrogate pair.", parameterName);
        }
    }
}
