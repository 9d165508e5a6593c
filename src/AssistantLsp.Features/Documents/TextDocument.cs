namespace AssistantLsp.Features.Documents;

/// <summary>
/// An immutable version of one open document. Edits make a new instance, so a request that
/// captured a document keeps reading exactly the text it was dispatched against.
/// </summary>
public sealed class TextDocument
{
    private readonly Lazy<LineIndex> _lines;
    private readonly Lazy<long> _utf8Bytes;

    public TextDocument(string uri, string languageId, int version, string text)
    {
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Text = text;
        _lines = new Lazy<LineIndex>(() => LineIndex.Build(text));
        _utf8Bytes = new Lazy<long>(() => System.Text.Encoding.UTF8.GetByteCount(text));
    }

    public string Uri { get; }

    public string LanguageId { get; }

    public int Version { get; }

    public string Text { get; }

    /// <summary>The text's size in UTF-8 (what it takes on disk), counted once per version.</summary>
    public long Utf8ByteCount => _utf8Bytes.Value;

    public int LineCount => _lines.Value.LineCount;

    public int OffsetAt(LinePosition position) => _lines.Value.OffsetAt(Text, position);

    public LinePosition PositionAt(int offset) => _lines.Value.PositionAt(Text, offset);

    /// <summary>The position clamped into the document (per the LSP spec's rule for out-of-range positions).</summary>
    public LinePosition Clamp(LinePosition position) => PositionAt(OffsetAt(position));

    public string LineText(int line)
    {
        var index = _lines.Value;
        line = Math.Clamp(line, 0, index.LineCount - 1);
        return Text.Substring(index.LineStart(line), index.LineLength(Text, line));
    }

    public string GetText(LineRange range)
    {
        var start = OffsetAt(range.Start);
        var end = OffsetAt(range.End);
        return Text[start..end];
    }

    /// <summary>Applies the editor's changes in order (each relative to the text the previous one produced).</summary>
    public TextDocument WithChanges(IEnumerable<DocumentChange> changes, int version)
    {
        var current = this;
        foreach (var change in changes)
        {
            current = current.Apply(change);
        }

        return new TextDocument(Uri, LanguageId, version, current.Text);
    }

    private TextDocument Apply(DocumentChange change)
    {
        if (change.Range is not { } range)
        {
            return new TextDocument(Uri, LanguageId, Version, change.Text);
        }

        var start = OffsetAt(range.Start);
        var end = OffsetAt(range.End);
        var text = string.Concat(Text.AsSpan(0, start), change.Text, Text.AsSpan(end));
        return new TextDocument(Uri, LanguageId, Version, text);
    }
}
