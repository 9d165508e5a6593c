using System.Text;
using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.Reasoning;

/// <summary>
/// Splits a reasoning model's streamed output into reasoning and answer text. Fed token texts in
/// order; tags and special-token text may arrive split across tokens, so a tail that could still
/// become a marker is held back until the next push (or <see cref="Complete"/>). Special-token
/// text never reaches either kind. Whitespace around the think block is trimmed: leading and
/// trailing whitespace of the reasoning, and the line breaks conventionally following the closing
/// tag. Not thread-safe: one parser per generation.
/// </summary>
public sealed class ThinkStreamParser
{
    private readonly string _thinkStart;
    private readonly string _thinkEnd;
    private readonly string[] _markers;
    private readonly int _longestMarker;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _heldWhitespace = new();
    private ThinkSegmentKind _kind;
    private LeadingWhitespace _leading;
    private bool _segmentStarted;
    private bool _completed;

    /// <param name="start">Where output begins (see <see cref="ThinkStreamStart"/>).</param>
    /// <param name="specialTexts">Special-token texts to strip, added to <see cref="KnownTokenTexts.AlwaysStripped"/>.</param>
    /// <param name="thinkStart">Opening tag; null or empty takes the default.</param>
    /// <param name="thinkEnd">Closing tag; null or empty takes the default.</param>
    public ThinkStreamParser(
        ThinkStreamStart start,
        IEnumerable<string>? specialTexts = null,
        string? thinkStart = null,
        string? thinkEnd = null)
    {
        _thinkStart = string.IsNullOrEmpty(thinkStart) ? KnownTokenTexts.ThinkStart : thinkStart;
        _thinkEnd = string.IsNullOrEmpty(thinkEnd) ? KnownTokenTexts.ThinkEnd : thinkEnd;
        _markers = KnownTokenTexts.AlwaysStripped
            .Concat(specialTexts ?? [])
            .Where(s => !string.IsNullOrEmpty(s))
            .Append(_thinkStart)
            .Append(_thinkEnd)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        _longestMarker = _markers.Max(m => m.Length);
        if (start == ThinkStreamStart.Reasoning)
        {
            _kind = ThinkSegmentKind.Reasoning;
            _leading = LeadingWhitespace.TrimAll;
        }
        else
        {
            // Whitespace is held until we know whether an opening tag follows; kept if not.
            _kind = ThinkSegmentKind.Answer;
            _leading = LeadingWhitespace.Keep;
        }
    }

    /// <summary>The kind the next text will be, as far as seen so far.</summary>
    public ThinkSegmentKind CurrentKind => _kind;

    /// <summary>True once a closing tag was seen or <see cref="EndReasoning"/> was called.</summary>
    public bool ReasoningClosed { get; private set; }

    /// <summary>Feeds the next token's text; returns the segments that are now certain, in order.</summary>
    public IReadOnlyList<ThinkSegment> Push(string text)
    {
        ThrowIfCompleted();
        var output = new SegmentList();
        if (!string.IsNullOrEmpty(text))
        {
            _pending.Append(text);
            Drain(output, final: false);
        }

        return output.Items;
    }

    /// <summary>
    /// Ends the reasoning as if the closing tag had arrived (a forced end when the thinking budget
    /// runs out): held-back text is flushed as reasoning and later text is answer. No-op in answer.
    /// </summary>
    public IReadOnlyList<ThinkSegment> EndReasoning()
    {
        ThrowIfCompleted();
        var output = new SegmentList();
        if (_kind == ThinkSegmentKind.Reasoning)
        {
            Drain(output, final: true);
            ApplyMarker(_thinkEnd);
        }

        return output.Items;
    }

    /// <summary>
    /// Ends the stream: held-back text that never became a marker is flushed to the current kind.
    /// A stream that never closed its think block was all reasoning.
    /// </summary>
    public IReadOnlyList<ThinkSegment> Complete()
    {
        ThrowIfCompleted();
        var output = new SegmentList();
        Drain(output, final: true);
        _heldWhitespace.Clear();
        _completed = true;
        return output.Items;
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The think stream was already completed.");
        }
    }

    private void Drain(SegmentList output, bool final)
    {
        var buffer = _pending.ToString();
        _pending.Clear();
        var position = 0;
        while (FindFirstMarker(buffer, position) is ({ } marker, var index))
        {
            Emit(buffer[position..index], output);
            ApplyMarker(marker);
            position = index + marker.Length;
        }

        var held = final ? 0 : PartialMarkerLength(buffer, position);
        Emit(buffer[position..(buffer.Length - held)], output);
        _pending.Append(buffer, buffer.Length - held, held);
    }

    private (string? Marker, int Index) FindFirstMarker(string buffer, int start)
    {
        string? found = null;
        var foundAt = -1;
        foreach (var marker in _markers)
        {
            var at = buffer.IndexOf(marker, start, StringComparison.Ordinal);
            if (at >= 0 && (found is null || at < foundAt || (at == foundAt && marker.Length > found.Length)))
            {
                found = marker;
                foundAt = at;
            }
        }

        return (found, foundAt);
    }

    /// <summary>Length of the longest tail of <paramref name="buffer"/> that is a proper prefix of a marker.</summary>
    private int PartialMarkerLength(string buffer, int start)
    {
        for (var length = Math.Min(buffer.Length - start, _longestMarker - 1); length > 0; length--)
        {
            var tail = buffer.AsSpan(buffer.Length - length);
            foreach (var marker in _markers)
            {
                if (marker.AsSpan().StartsWith(tail, StringComparison.Ordinal))
                {
                    return length;
                }
            }
        }

        return 0;
    }

    private void ApplyMarker(string marker)
    {
        if (marker == _thinkEnd)
        {
            // A closing tag inside the answer is a stray tag: dropped, never shown as text.
            if (_kind == ThinkSegmentKind.Reasoning)
            {
                ReasoningClosed = true;
                StartSegment(ThinkSegmentKind.Answer, LeadingWhitespace.TrimToLastLineBreak);
            }
        }
        else if (marker == _thinkStart)
        {
            // In reasoning this is the optional leading tag (or a stray one): dropped.
            if (_kind == ThinkSegmentKind.Answer)
            {
                StartSegment(ThinkSegmentKind.Reasoning, LeadingWhitespace.TrimAll);
            }
        }

        // Any other marker is special-token text: dropped without changing state.
    }

    private void StartSegment(ThinkSegmentKind kind, LeadingWhitespace leading)
    {
        _heldWhitespace.Clear();
        _kind = kind;
        _leading = leading;
        _segmentStarted = false;
    }

    private void Emit(string text, SegmentList output)
    {
        if (text.Length == 0)
        {
            return;
        }

        _heldWhitespace.Append(text);
        var combined = _heldWhitespace.ToString();
        _heldWhitespace.Clear();
        if (!_segmentStarted)
        {
            var firstVisible = IndexOfNonWhitespace(combined);
            if (firstVisible < 0)
            {
                _heldWhitespace.Append(combined);
                return;
            }

            _segmentStarted = true;
            combined = TrimLeading(combined[..firstVisible]) + combined[firstVisible..];
        }

        if (_kind == ThinkSegmentKind.Reasoning)
        {
            // Trailing whitespace waits: it is dropped if the reasoning ends here.
            var end = combined.AsSpan().TrimEnd().Length;
            _heldWhitespace.Append(combined, end, combined.Length - end);
            combined = combined[..end];
        }

        output.Add(_kind, combined);
    }

    private string TrimLeading(string whitespace) => _leading switch
    {
        LeadingWhitespace.Keep => whitespace,
        LeadingWhitespace.TrimToLastLineBreak when whitespace.LastIndexOf('\n') is var lineBreak and >= 0 =>
            whitespace[(lineBreak + 1)..],
        _ => "",
    };

    private static int IndexOfNonWhitespace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private enum LeadingWhitespace
    {
        /// <summary>Keep it (an answer that started without a think block, e.g. indented code).</summary>
        Keep,

        /// <summary>Drop it all (reasoning prose).</summary>
        TrimAll,

        /// <summary>Drop up to the last line break, keeping the first line's indentation (answer after the closing tag).</summary>
        TrimToLastLineBreak,
    }

    private sealed class SegmentList
    {
        private readonly List<ThinkSegment> _items = [];

        public IReadOnlyList<ThinkSegment> Items => _items;

        public void Add(ThinkSegmentKind kind, string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_items.Count > 0 && _items[^1].Kind == kind)
            {
                _items[^1] = new ThinkSegment(kind, _items[^1].Text + text);
            }
            else
            {
                _items.Add(new ThinkSegment(kind, text));
            }
        }
    }
}
