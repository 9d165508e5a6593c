using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// Picks the next token from raw logits: greedy (argmax, lowest id on ties) when the temperature
/// is 0, else softmax at that temperature limited by top-k and top-p, drawn from a generator
/// seeded by <see cref="GenerationOptions.Seed"/> (the same seed and logits give the same tokens).
/// One sampler per generation.
/// </summary>
internal sealed class TokenSampler : IDraftJudge
{
    /// <summary>Candidates examined before falling back to a full sort for top-p.</summary>
    private const int TopPCandidates = 256;

    private readonly float _temperature;
    private readonly float _topP;
    private readonly int _topK;
    private readonly Random? _random;
    private double[] _weights = [];

    public TokenSampler(GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Temperature >= 0) || float.IsInfinity(options.Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "Temperature must be a finite number >= 0.");
        }

        if (!(options.TopP > 0 && options.TopP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopP, "Top-p must lie in (0, 1].");
        }

        if (options.TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TopK, "Top-k cannot be negative (0 means no limit).");
        }

        _temperature = options.Temperature;
        _topP = options.TopP;
        _topK = options.TopK;
        if (_temperature > 0)
        {
            _random = options.Seed is { } seed ? new Random(seed) : new Random();
        }
    }

    public int Sample(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("There are no logits to sample from.", nameof(logits));
        }

        return _random is null || _topK == 1 ? ArgMax(logits) : Draw(logits, _random);
    }

    /// <summary>True when the choice is the argmax (no randomness involved).</summary>
    public bool IsGreedy => _random is null || _topK == 1;

    /// <summary>
    /// The speculative-sampling test for a deterministic draft token: greedy keeps it when it is
    /// the argmax; sampling keeps it with the probability the sampler gives it, and otherwise draws
    /// the replacement from that distribution with the draft token removed (renormalized), so the
    /// emitted token follows the sampler's distribution exactly.
    /// </summary>
    public bool AcceptDraft(ReadOnlySpan<float> logits, int draftToken, out int replacement)
    {
        if (IsGreedy)
        {
            replacement = ArgMax(logits);
            return replacement == draftToken;
        }

        var (candidates, count, total) = KeptDistribution(logits);
        var weights = _weights;
        var draftWeight = 0.0;
        for (var i = 0; i < count; i++)
        {
            if (candidates is null ? i == draftToken : candidates[i] == draftToken)
            {
                draftWeight = weights[draftToken];
                break;
            }
        }

        if (_random!.NextDouble() * total < draftWeight)
        {
            replacement = draftToken;
            return true;
        }

        var target = _random.NextDouble() * (total - draftWeight);
        replacement = -1;
        for (var i = 0; i < count; i++)
        {
            var id = candidates is null ? i : candidates[i];
            if (id == draftToken)
            {
                continue;
            }

            replacement = id;
            target -= weights[id];
            if (target < 0)
            {
                break;
            }
        }

        if (replacement < 0)
        {
            // The draft held all the mass (only possible through rounding): nothing else to draw.
            replacement = draftToken;
            return true;
        }

        return false;
    }

    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private int Draw(ReadOnlySpan<float> logits, Random random)
    {
        var (candidates, count, total) = KeptDistribution(logits);
        if (candidates is not null)
        {
            return DrawFrom(_weights, candidates, count, total, random);
        }

        // The whole vocabulary, in id order.
        var target = random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            target -= _weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return ArgMax(logits);
    }

    /// <summary>
    /// The tokens the sampler may draw and their unnormalized weights (in <see cref="_weights"/>):
    /// null candidates mean the whole vocabulary.
    /// </summary>
    private (int[]? Candidates, int Count, double Total) KeptDistribution(ReadOnlySpan<float> logits)
    {
        var max = logits[ArgMax(logits)];
        if (_weights.Length != logits.Length)
        {
            _weights = new double[logits.Length];
        }

        var weights = _weights;
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            weights[i] = Math.Exp((logits[i] - max) / _temperature);
            total += weights[i];
        }

        if (_topK == 0 && _topP >= 1)
        {
            return (null, logits.Length, total);
        }

        var limit = _topK > 0 ? Math.Min(_topK, logits.Length) : Math.Min(TopPCandidates, logits.Length);
        var candidates = TopIndices(weights, limit);
        var kept = Nucleus(weights, candidates, total);
        if (kept < 0)
        {
            candidates = TopIndices(weights, weights.Length);
            kept = Nucleus(weights, candidates, total);
        }

        var keptTotal = 0.0;
        for (var i = 0; i < kept; i++)
        {
            keptTotal += weights[candidates[i]];
        }

        return (candidates, kept, keptTotal);
    }

    /// <summary>How many of the sorted candidates top-p keeps; -1 when they do not reach it and more exist.</summary>
    private int Nucleus(double[] weights, int[] candidates, double total)
    {
        if (_topP >= 1)
        {
            return candidates.Length;
        }

        var cumulative = 0.0;
        for (var i = 0; i < candidates.Length; i++)
        {
            cumulative += weights[candidates[i]] / total;
            if (cumulative >= _topP)
            {
                return i + 1;
            }
        }

        return _topK > 0 || candidates.Length == weights.Length ? candidates.Length : -1;
    }

    private static int DrawFrom(double[] weights, int[] candidates, int count, double total, Random random)
    {
        var target = random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            target -= weights[candidates[i]];
            if (target < 0)
            {
                return candidates[i];
            }
        }

        return candidates[count - 1];
    }

    /// <summary>Indices of the <paramref name="count"/> largest weights, largest first (lower id first on ties).</summary>
    private static int[] TopIndices(double[] weights, int count)
    {
        var heap = new PriorityQueue<int, (double Weight, int NegatedId)>(count + 1);
        for (var i = 0; i < weights.Length; i++)
        {
            heap.Enqueue(i, (weights[i], -i));
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }

        var result = new int[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = heap.Dequeue();
        }

        return result;
    }
}
