using System.Diagnostics;
using System.Text;

namespace AssistantLsp.Inference.Engine;

/// <summary>
/// The generation loop every engine shares: take a token at a time from an
/// <see cref="ITokenSource"/>, stream it, and stop at end of sequence, the token budget, a stop
/// string, the caller's stop, a full context or cancellation; then the stats.
/// Streaming: the token completing a stop string is streamed cut where the stop string starts
/// (an earlier part of it may already have been streamed), so <see cref="GenerationResult.Text"/>
/// is the authoritative text.
/// </summary>
internal static class GenerationLoop
{
    /// <param name="promptLength">Tokens in the prompt, for the stats.</param>
    /// <param name="reusedTokens">Prompt tokens whose KV cache was kept, for the stats.</param>
    /// <param name="clock">Started when the request arrived: time to first token includes waiting and prefill.</param>
    public static GenerationResult Run(
        ITokenSource source,
        int promptLength,
        int reusedTokens,
        GenerationOptions options,
        Func<GeneratedToken, TokenDecision>? onToken,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var stops = options.StopStrings ?? [];
        var text = new StringBuilder();
        var ids = new List<int>();
        int sampled = 0;
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

            if (source.Next(ids.Count > 0 ? ids[^1] : null) is not { } id)
            {
                reason = StopReason.ContextFull;
                break;
            }

            sampled++;
            firstToken ??= clock.Elapsed;
            if (source.IsEndOfGeneration(id))
            {
                reason = StopReason.EndOfSequence;
                break;
            }

            ids.Add(id);
            int before = text.Length;
            var piece = source.DecodePiece(id);
            text.Append(piece);
            int stopAt = StopStringMatcher.FindInTail(text, before, stops);
            if (stopAt >= 0)
            {
                piece = stopAt > before ? piece[..(stopAt - before)] : string.Empty;
                text.Length = stopAt;
            }

            var decision = onToken?.Invoke(new GeneratedToken(id, piece, source.IsSpecial(id))) ?? TokenDecision.Continue;
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
        double tokensPerSecond = sampled > 1 && decodeTime > TimeSpan.Zero ? (sampled - 1) / decodeTime.TotalSeconds : 0;
        return new GenerationResult(
            text.ToString(),
            ids,
            reason,
            new GenerationStats(promptLength, reusedTokens, ids.Count, firstToken ?? TimeSpan.Zero, total, tokensPerSecond));
    }
}
