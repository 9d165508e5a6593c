using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.ModelWriting.Benchmarks;

/// <summary>One engine at one share of copyable output: plain and speculative decode rates.</summary>
public sealed record SpeculativeRow(
    string Engine,
    int Acceptance,
    double PlainTokPerSec,
    double SpeculativeTokPerSec,
    bool Identical,
    int GeneratedTokens,
    double DraftAcceptanceRate,
    double ContinuationSelfRepetition,
    int MatchingPrefix)
{
    public double Speedup => PlainTokPerSec > 0 ? SpeculativeTokPerSec / PlainTokPerSec : double.NaN;
}

/// <summary>
/// Speculative decoding with acceptance as a controlled variable. Random weights never copy text,
/// so the workload is built from the model's own output: a greedy continuation of a fixed prompt
/// is generated once, then the same prompt is decoded again, plainly and with drafting, where the
/// drafter's reference text (the "original code" a code action rewrites, given to the drafter the
/// way the document is, not shown to the model) is that continuation with a chosen share of its
/// tokens replaced. Drafts copy only from that reference: random weights fall into loops that
/// drafting from the output would copy at any level, hiding the controlled variable. At 100 % every draft can be right; at 0 % the reference is useless and the
/// adaptive draft length must keep the cost near zero. Runs alternate plain / speculative and the
/// median of each is reported; identical says every speculative run gave the plain tokens.
/// </summary>
public static class SpeculativeBenchmark
{
    public static IReadOnlyList<int> AcceptanceLevels { get; } = [100, 75, 50, 0];

    public static async Task<IReadOnlyList<SpeculativeRow>> RunAsync(
        IReadOnlyList<(string Name, IInferenceEngine Engine)> engines,
        int promptTokens,
        int decodeTokens,
        int runs,
        Action<SpeculativeRow>? onRow,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentOutOfRangeException.ThrowIfLessThan(decodeTokens, 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var rows = new List<SpeculativeRow>();
        foreach (var (name, engine) in engines)
        {
            var (prompt, continuation) = await ContinuationAsync(engine, promptTokens, decodeTokens, cancellationToken);
            foreach (var acceptance in AcceptanceLevels)
            {
                var reference = Replace(continuation, 100 - acceptance, engine.Model.VocabSize);
                var plain = new List<double>();
                var speculative = new List<double>();
                var identical = true;
                double rate = 0;
                int generated = 0;
                var matching = int.MaxValue;
                for (var run = 0; run < runs; run++)
                {
                    await ForgetAsync(engine, prompt, cancellationToken);
                    var off = await GenerateAsync(engine, prompt, new GenerationOptions { MaxNewTokens = continuation.Count, Speculative = false }, cancellationToken);
                    await ForgetAsync(engine, prompt, cancellationToken);
                    var on = await GenerateAsync(engine, prompt, new GenerationOptions { MaxNewTokens = continuation.Count, DraftReference = reference, DraftOnlyFromReference = true }, cancellationToken);
                    plain.Add(EngineRun.From(off.Stats).DecodeTokensPerSecond);
                    speculative.Add(EngineRun.From(on.Stats).DecodeTokensPerSecond);
                    identical &= on.TokenIds.SequenceEqual(off.TokenIds) && off.TokenIds.SequenceEqual(continuation);
                    matching = Math.Min(matching, Math.Min(CommonPrefix(on.TokenIds, off.TokenIds), CommonPrefix(off.TokenIds, continuation)));
                    rate = on.Stats.DraftAcceptanceRate;
                    generated = on.TokenIds.Count;
                }

                var row = new SpeculativeRow(
                    name, acceptance, EngineFigures.Median(plain), EngineFigures.Median(speculative), identical, generated, rate, SelfRepetition(continuation), matching);
                rows.Add(row);
                onRow?.Invoke(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// <paramref name="tokens"/> with <paramref name="percent"/> % of them, at positions drawn at
    /// random (seeded; not evenly spaced, which would line up with a looping output's period),
    /// replaced by a different id.
    /// </summary>
    public static IReadOnlyList<int> Replace(IReadOnlyList<int> tokens, int percent, int vocabSize)
    {
        var result = tokens.ToArray();
        var random = new Random(percent);
        var positions = Enumerable.Range(0, result.Length).ToArray();
        random.Shuffle(positions);
        foreach (var i in positions.Take(result.Length * percent / 100))
        {
            var replacement = random.Next(3, Math.Max(4, vocabSize));
            result[i] = replacement == result[i] ? (replacement + 1) % vocabSize : replacement;
        }

        return result;
    }

    private static int CommonPrefix(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var i = 0;
        while (i < a.Count && i < b.Count && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// Share of <paramref name="tokens"/> that prompt lookup on the tokens before them alone would
    /// have drafted right (random weights fall into loops, which drafts then copy at any level).
    /// </summary>
    public static double SelfRepetition(IReadOnlyList<int> tokens)
    {
        var predicted = 0;
        for (var i = 1; i < tokens.Count; i++)
        {
            var draft = PromptLookupDraft(tokens, i);
            if (draft == tokens[i])
            {
                predicted++;
            }
        }

        return tokens.Count > 0 ? (double)predicted / tokens.Count : 0;
    }

    private static int? PromptLookupDraft(IReadOnlyList<int> tokens, int end)
    {
        var draft = PromptLookupDrafter.Draft([.. tokens.Take(end)], 1);
        return draft.Count > 0 ? draft[0] : null;
    }

    /// <summary>
    /// Of a few prompts, the one whose greedy continuation runs the whole length and repeats itself
    /// least, so the acceptance levels are set by the reference rather than by the model's loops.
    /// </summary>
    private static async Task<(int[] Prompt, IReadOnlyList<int> Continuation)> ContinuationAsync(
        IInferenceEngine engine, int promptTokens, int decodeTokens, CancellationToken cancellationToken)
    {
        (int[] Prompt, IReadOnlyList<int> Continuation, double Repetition) best = ([], [], double.MaxValue);
        for (var seed = 0; seed < Candidates; seed++)
        {
            var prompt = EngineBenchmark.Prompt(1000 + seed, promptTokens);
            await ForgetAsync(engine, prompt, cancellationToken);
            var result = await GenerateAsync(engine, prompt, new GenerationOptions { MaxNewTokens = decodeTokens, Speculative = false }, cancellationToken);
            var repetition = SelfRepetition(result.TokenIds);
            var better = result.TokenIds.Count > best.Continuation.Count
                || (result.TokenIds.Count == best.Continuation.Count && repetition < best.Repetition);
            if (better)
            {
                best = (prompt, result.TokenIds, repetition);
            }

            if (best.Continuation.Count == decodeTokens && best.Repetition < 0.05)
            {
                break;
            }
        }

        return (best.Prompt, best.Continuation);
    }

    private const int Candidates = 2;

    /// <summary>
    /// Replaces the engine's cached prompt, so the next run prefills the whole prompt exactly as
    /// the continuation's run did: llama.cpp's logits differ in the last bits with the batch a
    /// token was decoded in, which alone can flip a near-tie on random weights.
    /// </summary>
    private static Task ForgetAsync(IInferenceEngine engine, int[] prompt, CancellationToken cancellationToken) =>
        GenerateAsync(engine, [prompt[0] == 1 ? 2 : 1], new GenerationOptions { MaxNewTokens = 1, Speculative = false }, cancellationToken);

    private static Task<GenerationResult> GenerateAsync(IInferenceEngine engine, int[] prompt, GenerationOptions options, CancellationToken cancellationToken) =>
        engine.GenerateAsync(new GenerationRequest(prompt, options), null, cancellationToken);
}
