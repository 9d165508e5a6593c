namespace AssistantLsp.Features.Documents;

/// <summary>A zero-based line and a character offset in UTF-16 code units, as editors count them.</summary>
public readonly record struct LinePosition(int Line, int Character) : IComparable<LinePosition>
{
    public int CompareTo(LinePosition other) =>
        Line != other.Line ? Line.CompareTo(other.Line) : Character.CompareTo(other.Character);

    public static bool operator <(LinePosition a, LinePosition b) => a.CompareTo(b) < 0;

    public static bool operator >(LinePosition a, LinePosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(LinePosition a, LinePosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(LinePosition a, LinePosition b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Line}:{Character}";
}

/// <summary>A span between two positions; a reversed span is normalized so Start &lt;= End.</summary>
public readonly record struct LineRange
{
    public LineRange(LinePosition start, LinePosition end)
    {
        (Start, End) = start <= end ? (start, end) : (end, start);
    }

    public LinePosition Start { get; }

    public LinePosition End { get; }

    public override string ToString() => $"{Start}-{End}";
}

/// <summary>One content change as sent by the editor: a range edit, or a full replacement when Range is null.</summary>
public sealed record DocumentChange(LineRange? Range, string Text);
