using AssistantLsp.Inference.Engine;

namespace AssistantLsp.ModelWriting.Benchmarks;

/// <summary>One measured generation: prompt processing and token-by-token decoding rates.</summary>
public sealed record EngineRun(int PromptTokens, int GeneratedTokens, double PrefillTokensPerSecond, double DecodeTokensPerSecond)
{
    /// <summary>
    /// Prefill rate = prompt tokens / time to first token; decode rate = tokens after the first /
    /// the time after the first (the first token's time belongs to the prefill).
    /// </summary>
    public static EngineRun From(GenerationStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var decodeTime = (stats.Total - stats.TimeToFirstToken).TotalSeconds;
        return new EngineRun(
            stats.PromptTokens,
            stats.GeneratedTokens,
            stats.TimeToFirstToken.TotalSeconds > 0 ? stats.PromptTokens / stats.TimeToFirstToken.TotalSeconds : double.NaN,
            stats.GeneratedTokens > 1 && decodeTime > 0 ? (stats.GeneratedTokens - 1) / decodeTime : double.NaN);
    }
}

/// <summary>All runs of one engine and their medians.</summary>
public sealed record EngineFigures(string Engine, IReadOnlyList<EngineRun> Runs)
{
    public double MedianPrefill => Median(Runs.Select(r => r.PrefillTokensPerSecond));

    public double MedianDecode => Median(Runs.Select(r => r.DecodeTokensPerSecond));

    /// <summary>Median of the finite values (mean of the middle two for an even count); NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>
/// Measures engines on the same work: each run is one fresh greedy generation (a prompt whose
/// first token differs from every earlier prompt, so no engine reuses KV cache) of
/// <c>promptTokens</c> random byte-token ids then <c>decodeTokens</c> new tokens. Runs alternate
/// between the engines (A B A B ...) so drift in the machine's speed hits both alike. One short
/// warm-up generation per engine comes first and is not counted.
/// </summary>
public static class EngineBenchmark
{
    public static async Task<IReadOnlyList<EngineFigures>> RunAsync(
        IReadOnlyList<(string Name, IInferenceEngine Engine)> engines, int runs, int promptTokens, int decodeTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(decodeTokens, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runs, 200);

        foreach (var (_, engine) in engines)
        {
            await GenerateAsync(engine, Prompt(runs, Math.Min(32, promptTokens)), 4, cancellationToken);
        }

        var results = engines.Select(_ => new List<EngineRun>()).ToArray();
        for (int run = 0; run < runs; run++)
        {
            var prompt = Prompt(run, promptTokens);
            for (int e = 0; e < engines.Count; e++)
            {
                var result = await GenerateAsync(engines[e].Engine, prompt, decodeTokens, cancellationToken);
                results[e].Add(EngineRun.From(result.Stats));
            }
        }

        return [.. engines.Select((e, i) => new EngineFigures(e.Name, results[i]))];
    }

    /// <summary>Random byte-token ids, seeded by the run; the first id is the run number, so prompts never share a prefix.</summary>
    public static int[] Prompt(int run, int length)
    {
        var random = new Random(run);
        var prompt = new int[length];
        for (int i = 0; i < length; i++)
        {
            prompt[i] = random.Next(32, 127);
        }

        prompt[0] = run % 256;
        return prompt;
    }

    private static Task<GenerationResult> GenerateAsync(IInferenceEngine engine, int[] prompt, int newTokens, CancellationToken cancellationToken) =>
        // Plain decoding: this compares the engines' own speed (random weights loop, so prompt lookup would inflate decode).
        engine.GenerateAsync(new GenerationRequest(prompt, new GenerationOptions { MaxNewTokens = newTokens, Speculative = false }), null, cancellationToken);
}
