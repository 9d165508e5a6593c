namespace AssistantLsp.Features.CodeActions;

/// <summary>
/// The function or block around a cursor, so that code actions have something to work on when
/// nothing is selected. Text only (no parser): brace blocks first, else an indentation block
/// opened by a line ending in ':' (Python and the like). Whole lines, from the block's header
/// to its last line, without the line break after it.
/// </summary>
public static class EnclosingBlock
{
    /// <summary>Headers of control-flow blocks: a function or type around them is the better target.</summary>
    private static readonly string[] ControlKeywords =
    [
        "if", "else", "for", "foreach", "while", "do", "switch", "case", "default", "try", "catch", "finally",
        "using", "lock", "with", "elif", "except", "match", "loop", "unsafe", "fixed", "checked", "unchecked",
    ];

    /// <summary>Start and end offsets of the block around <paramref name="offset"/>, or null when there is none.</summary>
    public static (int Start, int End)? Find(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        return FromBraces(text, offset) ?? FromIndentation(text, offset);
    }

    private static (int Start, int End)? FromBraces(string text, int offset)
    {
        var pairs = BracePairs(text);
        // A cursor on a block's header line belongs to that block.
        var lineEnd = LineEnd(text, offset);
        var around = pairs
            .Where(p => (p.Open < offset || (p.Open < lineEnd && LineStart(text, p.Open) == LineStart(text, offset))) && p.Close >= offset)
            .Where(p => text.AsSpan(p.Open, p.Close - p.Open).Contains('\n'))
            .OrderByDescending(p => p.Open)
            .Select(p => (Start: HeaderStart(text, p.Open), End: LineEnd(text, p.Close)))
            .ToList();
        if (around.Count == 0)
        {
            return null;
        }

        var chosen = around.FirstOrDefault(b => !IsControlHeader(text, b.Start));
        return chosen == default ? around[0] : chosen;
    }

    private static (int Start, int End)? FromIndentation(string text, int offset)
    {
        var lines = Lines(text);
        var cursorLine = lines.FindLastIndex(l => l.Start <= offset);
        if (cursorLine < 0)
        {
            return null;
        }

        var candidates = new List<(int Start, int End)>();
        var limit = IsBlank(text, lines[cursorLine]) ? int.MaxValue : Indent(text, lines[cursorLine]) + 1;
        for (var header = cursorLine; header >= 0; header--)
        {
            var line = lines[header];
            if (IsBlank(text, line) || Indent(text, line) >= limit)
            {
                continue;
            }

            limit = Indent(text, line);
            if (!text.AsSpan(line.Start, line.End - line.Start).TrimEnd().EndsWith(":", StringComparison.Ordinal))
            {
                continue;
            }

            var last = header;
            for (var next = header + 1; next < lines.Count; next++)
            {
                if (IsBlank(text, lines[next]))
                {
                    continue;
                }

                if (Indent(text, lines[next]) <= limit)
                {
                    break;
                }

                last = next;
            }

            if (last > header && last >= cursorLine)
            {
                candidates.Add((line.Start + limit, lines[last].End));
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var chosen = candidates.FirstOrDefault(b => !IsControlHeader(text, b.Start));
        return chosen == default ? candidates[0] : chosen;
    }

    /// <summary>Matched braces, skipping those in strings, character literals and comments.</summary>
    private static List<(int Open, int Close)> BracePairs(string text)
    {
        var pairs = new List<(int Open, int Close)>();
        var open = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = LineEnd(text, i) - 1;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 1;
            }
            else if (c is '"' or '\'' or '`')
            {
                i = StringEnd(text, i);
            }
            else if (c == '{')
            {
                open.Push(i);
            }
            else if (c == '}' && open.Count > 0)
            {
                pairs.Add((open.Pop(), i));
            }
        }

        return pairs;
    }

    /// <summary>Index of the closing quote (or of the line end for an unclosed one; backticks may span lines).</summary>
    private static int StringEnd(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote || (text[i] == '\n' && quote != '`'))
            {
                return i;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// Where the header of the block opened at <paramref name="open"/> begins: the first
    /// non-blank character of its line, or of the line above when the brace stands alone
    /// (Allman style).
    /// </summary>
    private static int HeaderStart(string text, int open)
    {
        var start = LineStart(text, open);
        if (text.AsSpan(start, open - start).Trim().IsEmpty && start > 0)
        {
            var previous = LineStart(text, start - 1);
            if (!text.AsSpan(previous, start - 1 - previous).Trim().IsEmpty)
            {
                start = previous;
            }
        }

        while (start < open && text[start] is ' ' or '\t')
        {
            start++;
        }

        return start;
    }

    private static bool IsControlHeader(string text, int headerStart)
    {
        var end = headerStart;
        while (end < text.Length && (char.IsLetter(text[end]) || text[end] == '}'))
        {
            end++;
        }

        var word = text[headerStart..end].TrimStart('}').Trim();
        return ControlKeywords.Contains(word, StringComparer.Ordinal);
    }

    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int Start, int End)>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = LineEnd(text, start);
            lines.Add((start, end));
            if (end >= text.Length)
            {
                break;
            }

            start = end + 1;
        }

        return lines;
    }

    private static int LineStart(string text, int offset) =>
        offset <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1) + 1;

    /// <summary>Offset of the line's '\n' (or of a '\r' before it), or the text's end.</summary>
    private static int LineEnd(string text, int offset)
    {
        var end = text.IndexOf('\n', Math.Min(offset, text.Length));
        end = end < 0 ? text.Length : end;
        return end > 0 && end <= text.Length && end - 1 >= offset && text[end - 1] == '\r' ? end - 1 : end;
    }

    private static bool IsBlank(string text, (int Start, int End) line) => text.AsSpan(line.Start, line.End - line.Start).Trim().IsEmpty;

    private static int Indent(string text, (int Start, int End) line)
    {
        var i = line.Start;
        while (i < line.End && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i - line.Start;
    }
}
