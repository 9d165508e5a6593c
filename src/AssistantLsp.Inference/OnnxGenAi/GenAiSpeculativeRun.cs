using System.Diagnostics;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;
using AssistantLsp.Inference.LlamaCpp;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// A GenAI generation decoded by prompt lookup and verification. Tokens are chosen from the
/// logits by <see cref="TokenSampler"/> (greedy argmax as GenAI does; sampled with the same
/// temperature, top-k and top-p), not by the generator's own search, since every step appends.
/// </summary>
internal static class GenAiSpeculativeRun
{
    public static GenerationResult Run(
        Generator generator,
        int contextLength,
        int vocabSize,
        ITokenSource text,
        int[] prompt,
        int reused,
        GenerationOptions options,
        Func<GeneratedToken, TokenDecision>? onToken,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        // GenAI's max_length counts the last sampled token too, which plain decoding never computes.
        var verifier = new GenAiDraftVerifier(generator, contextLength - 1, prompt.Length);
        var drafting = new SpeculativeTokenSource(text, verifier, new TokenSampler(options), prompt, options, vocabSize);
        var result = GenerationLoop.Run(drafting, prompt.Length, reused, options, onToken, clock, cancellationToken);
        return result.WithDrafts(drafting.Drafted, drafting.Accepted);
    }
}
