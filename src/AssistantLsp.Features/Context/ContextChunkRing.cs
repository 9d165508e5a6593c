namespace AssistantLsp.Features.Context;

/// <summary>
/// The most recent chunks of other open or recently edited documents, newest last, bounded in
/// count. A new chunk evicts older ones that are near-duplicates of it (their sets of non-blank
/// lines overlap more than a threshold), so repeated edits in one place keep one fresh chunk.
/// Thread-safe: text-sync handlers add while completion requests pick.
/// </summary>
public sealed class ContextChunkRing
{
    private readonly Lock _lock = new();
    private readonly List<(ContextChunk Chunk, HashSet<string> Lines)> _chunks = [];
    private readonly int _capacity;
    private readonly double _duplicateThreshold;

    /// <param name="capacity">Most chunks kept; the oldest goes first.</param>
    /// <param name="duplicateThreshold">Similarity (0..1, Dice coefficient over non-blank trimmed lines) above which an older chunk is evicted.</param>
    public ContextChunkRing(int capacity = 16, double duplicateThreshold = 0.9)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(duplicateThreshold);
        _capacity = capacity;
        _duplicateThreshold = duplicateThreshold;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _chunks.Count;
            }
        }
    }

    /// <summary>Adds <paramref name="chunk"/> as the most recent; blank chunks are ignored.</summary>
    public void Add(ContextChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var lines = LineSet(chunk.Text);
        if (lines.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _chunks.RemoveAll(c => Similarity(c.Lines, lines) > _duplicateThreshold);
            _chunks.Add((chunk, lines));
            while (_chunks.Count > _capacity)
            {
                _chunks.RemoveAt(0);
            }
        }
    }

    /// <summary>
    /// Adds the chunk of <paramref name="lineCount"/> lines around <paramref name="offset"/> in a
    /// document (at most <see cref="ContextChunk.DefaultMaxCharacters"/> of them). The model sees
    /// <paramref name="path"/>; <paramref name="documentUri"/> identifies the document for
    /// <see cref="Remove"/> and exclusion.
    /// </summary>
    public void AddAround(string path, string documentText, int offset, int lineCount = 32, string? documentUri = null) =>
        Add(ContextChunk.Around(path, documentText, offset, lineCount) with { DocumentUri = documentUri });

    /// <summary>Forgets every chunk of a document, by its uri or path (e.g. it was closed).</summary>
    public void Remove(string uriOrPath)
    {
        lock (_lock)
        {
            _chunks.RemoveAll(c => c.Chunk.SourceKey == uriOrPath || c.Chunk.Path == uriOrPath);
        }
    }

    /// <summary>All chunks, most recent first.</summary>
    public IReadOnlyList<ContextChunk> Snapshot()
    {
        lock (_lock)
        {
            return _chunks.Select(c => c.Chunk).Reverse().ToArray();
        }
    }

    /// <summary>
    /// The most recent chunks whose token counts (path plus text) add up to at most
    /// <paramref name="budget"/>, most recent first; a chunk too big for what is left is skipped and
    /// older, smaller ones are still considered. Chunks of <paramref name="excludePath"/> (the
    /// document being completed, by uri or path) are left out.
    /// </summary>
    public IReadOnlyList<ContextChunk> Pick(int budget, Func<string, int> countTokens, string? excludePath = null)
    {
        ArgumentNullException.ThrowIfNull(countTokens);
        var picked = new List<ContextChunk>();
        var left = budget;
        foreach (var chunk in Snapshot())
        {
            if (excludePath is not null && (chunk.SourceKey == excludePath || chunk.Path == excludePath))
            {
                continue;
            }

            var cost = countTokens(chunk.Path) + countTokens(chunk.Text);
            if (cost <= left)
            {
                picked.Add(chunk);
                left -= cost;
            }
        }

        return picked;
    }

    /// <summary>Dice coefficient of two line sets: 2|A∩B| / (|A|+|B|).</summary>
    internal static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count + b.Count == 0)
        {
            return 1;
        }

        var common = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }

    internal static HashSet<string> LineSet(string text) =>
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
