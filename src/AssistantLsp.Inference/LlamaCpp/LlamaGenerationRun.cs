using System.Diagnostics;
using System.Text;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// One generation on a <see cref="KvTokenSequence"/>: prefill, then <see cref="GenerationLoop"/>
/// with llama.cpp steps (sample from the logits, decode the kept token before the next sample).
/// The last sampled token is decoded only when another one is needed, so plain decoding never
/// leaves a token the caller did not keep in the cache (speculative decoding may leave accepted
/// draft tokens past a stop there; the token sequence tracks them, so prefix reuse stays exact).
/// </summary>
internal sealed class LlamaGenerationRun(
    KvTokenSequence sequence,
    LlamaVocabulary vocabulary,
    GenerationOptions options,
    TokenSampler sampler,
    Func<GeneratedToken, TokenDecision>? onToken) : ITokenSource
{
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();

    public GenerationResult Run(int[] prompt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var reused = sequence.Prefill(prompt, cancellationToken);
        if (!Speculative)
        {
            return GenerationLoop.Run(this, prompt.Length, reused, options, onToken, clock, cancellationToken);
        }

        var drafting = new SpeculativeTokenSource(this, new LlamaDraftVerifier(sequence), sampler, prompt, options, vocabulary.Count);
        var result = GenerationLoop.Run(drafting, prompt.Length, reused, options, onToken, clock, cancellationToken);
        return result.WithDrafts(drafting.Drafted, drafting.Accepted);
    }

    /// <summary>Decode by prompt lookup and verification (same output, fewer passes when text repeats).</summary>
    public bool Speculative { get; init; }

    public int? Next(int? previous)
    {
        if (previous is { } kept)
        {
            if (sequence.Count >= sequence.Capacity)
            {
                return null;
            }

            sequence.Append(kept);
        }

        return sampler.Sample(sequence.Logits);
    }

    public bool IsEndOfGeneration(int id) => vocabulary.IsEndOfGeneration(id);

    public bool IsSpecial(int id) => vocabulary.IsSpecial(id);

    /// <summary>The text a token adds; bytes of an unfinished UTF-8 character wait for the next token.</summary>
    public string DecodePiece(int id)
    {
        var bytes = vocabulary.PieceBytes(id);
        var chars = new char[_utf8.GetCharCount(bytes, flush: false)];
        var count = _utf8.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, count);
    }
}
