using AssistantLsp.Inference.Engine.Speculative;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// Draft verification on a GenAI generator: <c>AppendTokens</c> of k tokens leaves logits of shape
/// [1, k, vocab] in the "logits" output, and <c>RewindTo</c> drops rejected tokens (the next call
/// is always another append, never a plain generate step: GenAI skips a token when generating
/// straight after a rewind). Logits are copied out once per pass.
/// </summary>
internal sealed class GenAiDraftVerifier : IDraftVerifier
{
    private const int MostTokensPerPass = 32;

    private readonly Generator _generator;
    private float[] _rows = [];
    private int _vocab;

    /// <summary>Starts on a generator whose prompt (<paramref name="count"/> tokens) was just appended.</summary>
    public GenAiDraftVerifier(Generator generator, int capacity, int count)
    {
        _generator = generator;
        Capacity = capacity;
        Count = count;
        ReadLogits(lastRowOnly: true);
    }

    public int Count { get; private set; }

    public int Capacity { get; }

    public int MaxTokensPerPass => MostTokensPerPass;

    public ReadOnlySpan<float> Logits(int index) => _rows.AsSpan(index * _vocab, _vocab);

    public void Verify(IReadOnlyList<int> tokens)
    {
        var ids = new int[tokens.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = tokens[i];
        }

        _generator.AppendTokens(ids);
        Count += ids.Length;
        ReadLogits(lastRowOnly: false);
    }

    public void RewindTo(int length)
    {
        _generator.RewindTo((ulong)length);
        Count = length;
    }

    /// <summary>
    /// GenAI's plain step samples from the logits of the last appended token, so the pending
    /// token is appended as a prompt token would be (never generate right after a rewind).
    /// </summary>
    public void ReturnToPlainSteps(int pending)
    {
        _generator.AppendTokens([pending]);
        Count++;
    }

    private void ReadLogits(bool lastRowOnly)
    {
        using var output = _generator.GetOutput("logits");
        var shape = output.Shape();
        _vocab = checked((int)shape[^1]);
        var data = output.GetData<float>();
        var source = lastRowOnly ? data[^_vocab..] : data;
        if (_rows.Length < source.Length)
        {
            _rows = new float[source.Length];
        }

        source.CopyTo(_rows);
    }
}
