namespace AssistantLsp.Features.Documents;

/// <summary>
/// Start offsets of every line of a text. Lines end at "\n", "\r\n" or "\r" (LSP's rule);
/// a "\r\n" pair is one terminator, so no position can fall between its two characters.
/// </summary>
internal sealed class LineIndex
{
    private readonly int[] _lineStarts;
    private readonly int _textLength;

    private LineIndex(int[] lineStarts, int textLength)
    {
        _lineStarts = lineStarts;
        _textLength = textLength;
    }

    public int LineCount => _lineStarts.Length;

    public static LineIndex Build(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return new LineIndex([.. starts], text.Length);
    }

    public int LineStart(int line) => _lineStarts[line];

    /// <summary>Length of the line's content, its terminator excluded.</summary>
    public int LineLength(string text, int line)
    {
        var start = _lineStarts[line];
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : _textLength;
        if (end > start && text[end - 1] == '\n')
        {
            end--;
        }

        if (end > start && text[end - 1] == '\r')
        {
            end--;
        }

        return end - start;
    }

    /// <summary>
    /// Offset of a position, clamped as the LSP spec asks: a character past the line's end
    /// means the line's end; a line past the last line means the end of the document.
    /// </summary>
    public int OffsetAt(string text, LinePosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= _lineStarts.Length)
        {
            return _textLength;
        }

        var character = Math.Clamp(position.Character, 0, LineLength(text, position.Line));
        return SnapToCharacter(text, _lineStarts[position.Line] + character);
    }

    /// <summary>
    /// An offset between the two halves of a surrogate pair moves back to the pair's start: a client
    /// may send such a position (LSP counts UTF-16 units), but no edit or prompt may split a character.
    /// </summary>
    public static int SnapToCharacter(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])
            ? offset - 1
            : offset;

    public LinePosition PositionAt(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, _textLength);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        // An offset inside a terminator belongs to the end of its line.
        offset = SnapToCharacter(text, offset);
        var character = Math.Min(offset - _lineStarts[line], LineLength(text, line));
        return new LinePosition(line, character);
    }
}
