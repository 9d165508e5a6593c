using System.Diagnostics;
using System.Text;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// One generation on a <see cref="KvTokenSequence"/>: prefill, then sample, stream and decode a
/// token at a time until end of sequence, the token budget, a stop string, the caller's stop, a
/// full context or cancellation. The last sampled token is decoded only when another one is
/// needed, so the cache never holds a token the caller did not keep.
/// </summary>
internal sealed class LlamaGenerationRun(
    KvTokenSequence sequence,
    LlamaVocabulary vocabulary,
    GenerationOptions options,
    TokenSampler sampler,
    Func<GeneratedToken, TokenDecision>? onToken)
{
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

    public GenerationResult Run(int[] prompt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var reused = sequence.Prefill(prompt, cancellationToken);
        var stops = options.StopStrings ?? [];
        var text = new StringBuilder();
        var ids = new List<int>();
        var sampled = 0;
        TimeSpan? firstToken = null;
        StopReason reason;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ids.Count >= options.MaxNewTokens)
            {
                reason = StopReason.MaxTokens;
                break;
            }

            if (ids.Count > 0)
            {
                if (sequence.Count >= sequence.Capacity)
                {
                    reason = StopReason.ContextFull;
                    break;
                }

                sequence.Append(ids[^1]);
            }

            var id = sampler.Sample(sequence.Logits);
            sampled++;
            firstToken ??= clock.Elapsed;
            if (vocabulary.IsEndOfGeneration(id))
            {
                reason = StopReason.EndOfSequence;
                break;
            }

            ids.Add(id);
            var before = text.Length;
            var piece = DecodePiece(id);
            text.Append(piece);
            var stopAt = FindStop(text, before, stops);
            if (stopAt >= 0)
            {
                piece = stopAt > before ? piece[..(stopAt - before)] : string.Empty;
                text.Length = stopAt;
            }

            var decision = onToken?.Invoke(new GeneratedToken(id, piece, vocabulary.IsSpecial(id))) ?? TokenDecision.Continue;
            if (stopAt >= 0)
            {
                reason = StopReason.StopString;
                break;
            }

            if (decision == TokenDecision.Stop)
            {
                reason = StopReason.Requested;
                break;
            }
        }

        var total = clock.Elapsed;
        var decodeTime = total - (firstToken ?? total);
        var tokensPerSecond = sampled > 1 && decodeTime > TimeSpan.Zero ? (sampled - 1) / decodeTime.TotalSeconds : 0;
        return new GenerationResult(
            text.ToString(),
            ids,
            reason,
            new GenerationStats(prompt.Length, reused, ids.Count, firstToken ?? TimeSpan.Zero, total, tokensPerSecond));
    }

    /// <summary>Only the tail can hold a stop string that ends in the newest token: search just that.</summary>
    private static int FindStop(StringBuilder text, int before, IReadOnlyList<string> stops)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            longest = Math.Max(longest, stop?.Length ?? 0);
        }

        if (longest == 0)
        {
            return -1;
        }

        var tailStart = Math.Max(0, before - longest + 1);
        var index = StopTextFinder.Find(text.ToString(tailStart, text.Length - tailStart), before - tailStart, stops);
        return index < 0 ? -1 : tailStart + index;
    }

    /// <summary>The text a token adds; bytes of an unfinished UTF-8 character wait for the next token.</summary>
    private string DecodePiece(int id)
    {
        var bytes = vocabulary.PieceBytes(id);
        var chars = new char[_utf8.GetCharCount(bytes, flush: false)];
        var count = _utf8.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, count);
    }
}
