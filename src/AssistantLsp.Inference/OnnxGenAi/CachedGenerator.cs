using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// Keeps GenAI generators alive between generations so a prompt sharing a prefix with the previous
/// tokens only runs the changed tail through the model (KV prefix reuse). Search options are fixed
/// for a generator's life, so there is one generator per kind of search: a greedy one and a sampled
/// one. Greedy completions and sampled explanations then never evict each other's cache.
/// Prefill runs in small chunks; a chunk that finished stays in the cache (and in the generator's
/// sequence) when the request is cancelled, so the next prompt reuses it.
/// Not thread-safe: the engine runs one generation at a time.
/// </summary>
internal sealed class CachedGenerator : IDisposable
{
    /// <summary>
    /// Prompt tokens per prefill step. Cancellation is seen between steps, so this bounds how long a
    /// superseded request keeps the engine (32 tokens: ~0.3–0.6 s on the 1.5B shape on 2 cores).
    /// </summary>
    public const int DefaultPrefillChunk = 32;

    private readonly Model _model;
    private readonly int _maxLength;
    private readonly int _vocabSize;
    private readonly Slot _greedy = new();
    private readonly Slot _sampled = new();
    private Slot? _current;

    public CachedGenerator(Model model, int maxLength, int vocabSize)
    {
        _model = model;
        _maxLength = maxLength;
        _vocabSize = vocabSize;
    }

    /// <summary>Prompt tokens per prefill step (tests lower it to see partial prefills).</summary>
    public int PrefillChunk { get; set; } = DefaultPrefillChunk;

    /// <summary>Called after each prefill step with the number of prompt tokens now in the cache (tests cancel from it).</summary>
    public Action<int>? ChunkPrefilled { get; set; }

    public Generator Generator => _current?.Generator ?? throw new InvalidOperationException("Prepare a prompt first.");

    /// <summary>Number of generators alive (each holds its own KV cache).</summary>
    public int LiveGenerators => (_greedy.Generator is null ? 0 : 1) + (_sampled.Generator is null ? 0 : 1);

    /// <summary>
    /// Brings the generator for <paramref name="settings"/> to exactly <paramref name="prompt"/>
    /// (computed, logits ready) and returns how many leading prompt tokens were kept from the cache.
    /// </summary>
    public int Prepare(int[] prompt, SamplingSettings settings, CancellationToken cancellationToken)
    {
        var slot = settings.Sample ? _sampled : _greedy;
        _current = slot;
        int keep = 0, cachedLength = 0;
        if (slot.Generator is not null && settings.AllowsReuse && settings == slot.Settings)
        {
            var cached = slot.Generator.GetSequence(0).ToArray();
            cachedLength = cached.Length;
            keep = PrefixReuse.KeepLength(cached, prompt);
        }

        if (keep == 0)
        {
            slot.Drop();
            slot.Parameters = new GeneratorParams(_model);
            settings.Apply(slot.Parameters, _maxLength, _vocabSize);
            slot.Generator = new Generator(_model, slot.Parameters);
            slot.Settings = settings;
        }
        else if (keep < cachedLength)
        {
            slot.Generator!.RewindTo((ulong)keep);
        }

        var chunk = Math.Max(1, PrefillChunk);
        for (int start = keep; start < prompt.Length; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(chunk, prompt.Length - start);
            slot.Generator!.AppendTokens(prompt.AsSpan(start, length));
            ChunkPrefilled?.Invoke(start + length);
        }

        return keep;
    }

    /// <summary>Forgets every cache (after a native error a generator's state is unknown).</summary>
    public void Drop()
    {
        _greedy.Drop();
        _sampled.Drop();
        _current = null;
    }

    public void Dispose() => Drop();

    private sealed class Slot
    {
        public GeneratorParams? Parameters { get; set; }

        public Generator? Generator { get; set; }

        public SamplingSettings? Settings { get; set; }

        public void Drop()
        {
            Generator?.Dispose();
            Parameters?.Dispose();
            Generator = null;
            Parameters = null;
            Settings = null;
        }
    }
}
