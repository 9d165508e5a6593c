using AssistantLsp.Inference.Engine;
using LLama;
using LLama.Native;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// The token sequence whose keys and values sit in a llama.cpp context (sequence 0), kept in
/// step with the KV cache so a new prompt only decodes what differs from it: cells past the
/// common prefix are removed, the rest of the prompt is decoded in chunks. Not thread-safe.
/// </summary>
internal sealed class KvTokenSequence : IDisposable
{
    private readonly LLamaContext _context;
    private readonly LLamaBatch _batch = new();
    private readonly List<int> _tokens = [];
    private readonly int _batchSize;
    private int _logitIndex = -1;

    public KvTokenSequence(LLamaContext context, int batchSize)
    {
        _context = context;
        _batchSize = Math.Max(1, batchSize);
        Capacity = checked((int)context.ContextSize);
    }

    /// <summary>
    /// Prompt tokens per decode step, at most the context's batch size. Cancellation is seen between
    /// steps and every finished step stays in the cache, so this bounds how long a superseded request
    /// keeps the engine (32 tokens: ~0.3–0.6 s on the 1.5B shape on 2 cores).
    /// </summary>
    public int PrefillChunk { get; set; } = 32;

    /// <summary>Called after each prefill step with the number of tokens now in the cache (tests cancel from it).</summary>
    public Action<int>? ChunkPrefilled { get; set; }

    /// <summary>Tokens the context holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Tokens whose keys and values are in the cache now.</summary>
    public int Count => _tokens.Count;

    /// <summary>Logits after the last decoded token.</summary>
    public ReadOnlySpan<float> Logits => _logitIndex < 0
        ? throw new InvalidOperationException("Nothing has been decoded yet.")
        : _context.NativeHandle.GetLogitsIth(_logitIndex);

    /// <summary>
    /// Makes the cache hold exactly <paramref name="prompt"/> and leaves logits for its last
    /// token; returns how many prompt tokens were reused. At least the last token is always
    /// decoded, since the logits of a reused position are gone. Cancellation is seen between chunks,
    /// and the sequence stays consistent with the cache at every point.
    /// </summary>
    public int Prefill(IReadOnlyList<int> prompt, CancellationToken cancellationToken)
    {
        if (prompt.Count == 0 || prompt.Count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(prompt), prompt.Count, $"A prompt needs 1 to {Capacity} tokens.");
        }

        var common = TokenPrefix.CommonLength(_tokens, prompt);
        if (common == prompt.Count)
        {
            common--;
        }

        common = TruncateTo(common);
        var chunk = Math.Clamp(PrefillChunk, 1, _batchSize);
        for (var start = common; start < prompt.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(prompt.Count, start + chunk);
            _batch.Clear();
            for (var i = start; i < end; i++)
            {
                _batch.Add((LLamaToken)prompt[i], (LLamaPos)i, LLamaSeqId.Zero, i == prompt.Count - 1);
            }

            Decode(end - start);
            for (var i = start; i < end; i++)
            {
                _tokens.Add(prompt[i]);
            }

            ChunkPrefilled?.Invoke(end);
        }

        _logitIndex = _batch.TokenCount - 1;
        return common;
    }

    /// <summary>Decodes one more token after the sequence (the one just sampled).</summary>
    public void Append(int token)
    {
        if (_tokens.Count >= Capacity)
        {
            throw new InvalidOperationException($"The context of {Capacity} tokens is full.");
        }

        _batch.Clear();
        _batch.Add((LLamaToken)token, (LLamaPos)_tokens.Count, LLamaSeqId.Zero, true);
        Decode(1);
        _tokens.Add(token);
        _logitIndex = 0;
    }

    /// <summary>Most tokens one decode call takes.</summary>
    public int BatchSize => _batchSize;

    /// <summary>
    /// Decodes <paramref name="tokens"/> after the sequence in one batch with logits for every
    /// position (draft verification); read them with <see cref="LogitsAt"/>.
    /// </summary>
    public void AppendAll(IReadOnlyList<int> tokens)
    {
        if (tokens.Count == 0 || tokens.Count > _batchSize || _tokens.Count + tokens.Count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens.Count, $"Up to {_batchSize} tokens fit one pass, and the context holds {Capacity}.");
        }

        _batch.Clear();
        for (var i = 0; i < tokens.Count; i++)
        {
            _batch.Add((LLamaToken)tokens[i], (LLamaPos)(_tokens.Count + i), LLamaSeqId.Zero, true);
        }

        Decode(tokens.Count);
        _tokens.AddRange(tokens);
        _logitIndex = tokens.Count - 1;
    }

    /// <summary>Logits after the <paramref name="row"/>-th token of the last <see cref="AppendAll"/>.</summary>
    public ReadOnlySpan<float> LogitsAt(int row) => _context.NativeHandle.GetLogitsIth(row);

    /// <summary>Drops cached tokens from <paramref name="length"/> on (rejected draft tokens).</summary>
    public void RewindTo(int length)
    {
        if (TruncateTo(length) != length)
        {
            throw new InvalidOperationException("This model's cache cannot drop its last tokens, so drafts cannot be verified.");
        }
    }

    /// <summary>Forgets everything (after a failure the cache's contents are unknown).</summary>
    public void Clear()
    {
        _context.NativeHandle.MemoryClear(true);
        _tokens.Clear();
        _logitIndex = -1;
    }

    public void Dispose() => _tokens.Clear();

    /// <summary>Drops cached tokens from <paramref name="length"/> on; returns how many remain.</summary>
    private int TruncateTo(int length)
    {
        if (length >= _tokens.Count)
        {
            return _tokens.Count;
        }

        _logitIndex = -1;
        var handle = _context.NativeHandle;
        handle.MemorySequenceRemove(LLamaSeqId.Zero, (LLamaPos)length, (LLamaPos)(-1));

        // Some caches (recurrent models) cannot drop a tail: then start over.
        if ((int)handle.MemorySequenceMaxPosition(LLamaSeqId.Zero) != length - 1)
        {
            handle.MemoryClear(true);
            _tokens.Clear();
            return 0;
        }

        _tokens.RemoveRange(length, _tokens.Count - length);
        return length;
    }

    private void Decode(int tokenCount)
    {
        var result = _context.NativeHandle.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            // What the cache holds after a failed decode is not known: start from nothing next time.
            Clear();
            throw new InvalidOperationException(result == DecodeResult.NoKvSlot
                ? $"llama.cpp found no room for {tokenCount} more tokens in the context of {Capacity}; shorten the prompt or raise the context size."
                : $"llama.cpp failed to decode {tokenCount} tokens ({result}).");
        }
    }
}
