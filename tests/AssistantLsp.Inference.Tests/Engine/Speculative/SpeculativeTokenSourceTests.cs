using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Engine.Speculative;
using AssistantLsp.Inference.LlamaCpp;

namespace AssistantLsp.Inference.Tests.Engine.Speculative;

/// <summary>
/// The drafting loop against a model that emits a fixed text whatever it is given (each token one
/// verified pass or part of one), with the text's edited copy as the reference.
/// </summary>
public sealed class SpeculativeTokenSourceTests
{
    private const int Vocab = 64;

    /// <summary>The target emits <c>target[k]</c> as its k-th token; logits rows are one-hot.</summary>
    private sealed class FixedTextModel : IDraftVerifier, ITokenSource
    {
        private readonly int[] _target;
        private readonly int _promptLength;

        /// <summary>Cache position the first logits row follows (the last prompt token at first).</summary>
        private int _firstRowPosition;

        public FixedTextModel(int[] target, int promptLength)
        {
            _target = target;
            _promptLength = promptLength;
            Count = promptLength;
            _firstRowPosition = promptLength - 1;
        }

        public int Count { get; private set; }

        public int Capacity => 10_000;

        public int MaxTokensPerPass => 32;

        public int Passes { get; private set; }

        public ReadOnlySpan<float> Logits(int index)
        {
            var generated = _firstRowPosition + index - (_promptLength - 1);
            var row = new float[Vocab];
            row[_target[Math.Min(generated, _target.Length - 1)]] = 1;
            return row;
        }

        public void Verify(IReadOnlyList<int> tokens)
        {
            Passes++;
            _firstRowPosition = Count;
            Count += tokens.Count;
        }

        public void RewindTo(int length) => Count = length;

        /// <summary>Plain steps after drafting gave up: one token per pass.</summary>
        public void ReturnToPlainSteps(int pending)
        {
            Count++;
            _plainIndex = Count - _promptLength;
        }

        private int _plainIndex;

        public int? Next(int? previous)
        {
            Passes++;
            return _target[Math.Min(_plainIndex++, _target.Length - 1)];
        }

        public bool IsEndOfGeneration(int id) => false;

        public bool IsSpecial(int id) => false;

        public string DecodePiece(int id) => string.Empty;
    }

    private static (List<int> Output, int Passes, int Accepted) Run(int[] target, int[] reference)
    {
        int[] prompt = [60, 61, 62];
        var model = new FixedTextModel(target, prompt.Length);
        var source = new SpeculativeTokenSource(
            model,
            model,
            new TokenSampler(new GenerationOptions()),
            prompt,
            new GenerationOptions { MaxNewTokens = target.Length, DraftReference = reference, DraftOnlyFromReference = true },
            Vocab);
        var output = new List<int>();
        while (output.Count < target.Length)
        {
            output.Add(source.Next(output.Count > 0 ? output[^1] : null)!.Value);
        }

        return (output, model.Passes, source.Accepted);
    }

    /// <summary>A looping text (the worst case for a nearest n-gram match) with every k-th token edited.</summary>
    [Theory]
    [InlineData(0, 2)]
    [InlineData(4, 6)]
    [InlineData(2, 10)]
    public void Edited_copies_are_followed_and_the_output_is_always_the_models(int editEvery, int maxPassesPerTenTokens)
    {
        var target = Enumerable.Range(0, 80).Select(i => 5 + i % 3).ToArray();
        var reference = target.Select((t, i) => editEvery > 0 && i % editEvery == editEvery - 1 ? 40 + i % 7 : t).ToArray();

        var (output, passes, accepted) = Run(target, reference);

        Assert.Equal(target, output);
        Assert.True(passes * 10 <= target.Length * maxPassesPerTenTokens, $"{passes} passes for {target.Length} tokens, {accepted} accepted");
    }

    [Fact]
    public void A_useless_reference_costs_no_extra_passes()
    {
        var target = Enumerable.Range(0, 60).Select(i => (i * 7) % 50).ToArray();
        var reference = Enumerable.Range(0, 60).Select(i => 51 + i % 5).ToArray();

        var (output, passes, accepted) = Run(target, reference);

        Assert.Equal(target, output);
        Assert.Equal(0, accepted);
        Assert.Equal(target.Length - 1, passes);
    }
}
