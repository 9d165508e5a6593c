using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// Keeps the last GenAI generator alive between generations so a prompt sharing a prefix with
/// the previous tokens only runs the changed tail through the model (KV prefix reuse).
/// Not thread-safe: the engine runs one generation at a time.
/// </summary>
internal sealed class CachedGenerator : IDisposable
{
    // Prefill in chunks so cancellation is seen between them on long prompts (chunked = one-shot prefill).
    private const int PrefillChunk = 256;

    private readonly Model _model;
    private readonly int _contextLength;
    private readonly int _vocabSize;
    private GeneratorParams? _parameters;
    private Generator? _generator;
    private SamplingSettings? _settings;

    public CachedGenerator(Model model, int contextLength, int vocabSize)
    {
        _model = model;
        _contextLength = contextLength;
        _vocabSize = vocabSize;
    }

    public Generator Generator => _generator ?? throw new InvalidOperationException("Prepare a prompt first.");

    /// <summary>
    /// Brings the generator to exactly <paramref name="prompt"/> (computed, logits ready) and
    /// returns how many leading prompt tokens were kept from the cache.
    /// </summary>
    public int Prepare(int[] prompt, SamplingSettings settings, CancellationToken cancellationToken)
    {
        int keep = 0, cachedLength = 0;
        if (_generator is not null && settings.AllowsReuse && settings == _settings)
        {
            var cached = _generator.GetSequence(0).ToArray();
            cachedLength = cached.Length;
            keep = PrefixReuse.KeepLength(cached, prompt);
        }

        if (keep == 0)
        {
            Drop();
            _parameters = new GeneratorParams(_model);
            settings.Apply(_parameters, _contextLength, _vocabSize);
            _generator = new Generator(_model, _parameters);
            _settings = settings;
        }
        else if (keep < cachedLength)
        {
            _generator!.RewindTo((ulong)keep);
        }

        for (int start = keep; start < prompt.Length; start += PrefillChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _generator!.AppendTokens(prompt.AsSpan(start, Math.Min(PrefillChunk, prompt.Length - start)));
        }

        return keep;
    }

    /// <summary>Forgets the cache (after a native error the generator's state is unknown).</summary>
    public void Drop()
    {
        _generator?.Dispose();
        _parameters?.Dispose();
        _generator = null;
        _parameters = null;
        _settings = null;
    }

    public void Dispose() => Drop();
}
