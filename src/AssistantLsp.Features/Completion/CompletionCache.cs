using System.Security.Cryptography;
using System.Text;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Completion;

/// <summary>A suggestion served from the cache; <see cref="TypedChars"/> &gt; 0 when the user had typed that much of it since.</summary>
public sealed record CachedCompletion(string Text, int TypedChars);

/// <summary>
/// Recent suggestions, least recently used evicted first, each valid for a time to live. Keyed by a
/// hash of the document uri, the end of the text before the cursor and the start of the text after
/// it. Type-ahead: when the user types the start of a cached suggestion on the same line, the rest
/// of it is served at once without asking the model. Thread-safe.
/// </summary>
public sealed class CompletionCache
{
    /// <summary>Most characters typed into a suggestion that still forward it.</summary>
    public const int MaxTypeAheadChars = 50;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly TimeSpan _timeToLive;
    private readonly TimeProvider _time;
    private readonly int _prefixChars;
    private readonly int _suffixChars;

    /// <param name="capacity">Most suggestions kept.</param>
    /// <param name="timeToLive">How long a suggestion stays valid after it was stored (default 5 minutes).</param>
    /// <param name="time">Clock; tests pass their own.</param>
    /// <param name="prefixChars">How much text before the cursor the key covers.</param>
    /// <param name="suffixChars">How much text after the cursor the key covers.</param>
    public CompletionCache(int capacity = 250, TimeSpan? timeToLive = null, TimeProvider? time = null, int prefixChars = 2048, int suffixChars = 512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixChars);
        ArgumentOutOfRangeException.ThrowIfNegative(suffixChars);
        _capacity = capacity;
        _timeToLive = timeToLive ?? TimeSpan.FromMinutes(5);
        _time = time ?? TimeProvider.System;
        _prefixChars = prefixChars;
        _suffixChars = suffixChars;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Stores the suggestion shown at <paramref name="cursorOffset"/> (text inserted at the cursor).</summary>
    public void Put(string documentUri, string documentText, int cursorOffset, string suggestion)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        ArgumentException.ThrowIfNullOrEmpty(suggestion);
        TextLines.RequireOffset(documentText, cursorOffset, nameof(cursorOffset));
        var key = Key(documentUri, documentText, cursorOffset, cursorOffset);
        lock (_lock)
        {
            if (_byKey.Remove(key, out var old))
            {
                _recency.Remove(old);
            }

            _byKey[key] = _recency.AddFirst(new Entry(key, suggestion, _time.GetUtcNow()));
            while (_byKey.Count > _capacity)
            {
                _byKey.Remove(_recency.Last!.Value.Key);
                _recency.RemoveLast();
            }
        }
    }

    /// <summary>
    /// The suggestion stored for exactly this place, else the rest of one the user has since typed
    /// into (up to <see cref="MaxTypeAheadChars"/> characters, on the cursor's line), else null.
    /// </summary>
    public CachedCompletion? Get(string documentUri, string documentText, int cursorOffset)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        TextLines.RequireOffset(documentText, cursorOffset, nameof(cursorOffset));
        if (Find(Key(documentUri, documentText, cursorOffset, cursorOffset)) is { } exact)
        {
            return new CachedCompletion(exact, 0);
        }

        var lineStart = TextLines.LineStart(documentText, cursorOffset);
        var maxTyped = Math.Min(MaxTypeAheadChars, cursorOffset - lineStart);
        for (var typed = 1; typed <= maxTyped; typed++)
        {
            var oldCursor = cursorOffset - typed;
            if (char.IsLowSurrogate(documentText[oldCursor]))
            {
                continue;
            }

            // Before the user typed, the text after the cursor was the same as now.
            if (Find(Key(documentUri, documentText, oldCursor, cursorOffset)) is { } earlier
                && earlier.Length > typed
                && string.CompareOrdinal(earlier, 0, documentText, oldCursor, typed) == 0)
            {
                return new CachedCompletion(earlier[typed..], typed);
            }
        }

        return null;
    }

    public void Clear()
    {
        lock (_lock)
        {
            _byKey.Clear();
            _recency.Clear();
        }
    }

    private string? Find(string key)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue(key, out var node))
            {
                return null;
            }

            if (_time.GetUtcNow() - node.Value.StoredAt >= _timeToLive)
            {
                _byKey.Remove(key);
                _recency.Remove(node);
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Suggestion;
        }
    }

    /// <summary>Hash of the uri, the prefix ending at <paramref name="prefixEnd"/> and the suffix starting at <paramref name="suffixStart"/>.</summary>
    private string Key(string documentUri, string text, int prefixEnd, int suffixStart)
    {
        var prefixStart = Math.Max(0, prefixEnd - _prefixChars);
        var suffixEnd = Math.Min(text.Length, suffixStart + _suffixChars);
        var material = $"{documentUri}\u0000{text[prefixStart..prefixEnd]}\u0000{text[suffixStart..suffixEnd]}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private sealed record Entry(string Key, string Suggestion, DateTimeOffset StoredAt);
}
