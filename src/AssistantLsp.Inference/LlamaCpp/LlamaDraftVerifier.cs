using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>Draft verification on a <see cref="KvTokenSequence"/>: one batch with logits at every position, sequence removal to rewind.</summary>
internal sealed class LlamaDraftVerifier(KvTokenSequence sequence) : IDraftVerifier
{
    private bool _verified;

    public int Count => sequence.Count;

    public int Capacity => sequence.Capacity;

    public int MaxTokensPerPass => sequence.BatchSize;

    public ReadOnlySpan<float> Logits(int index) => _verified ? sequence.LogitsAt(index) : sequence.Logits;

    public void Verify(IReadOnlyList<int> tokens)
    {
        sequence.AppendAll(tokens);
        _verified = true;
    }

    public void RewindTo(int length) => sequence.RewindTo(length);

    /// <summary>Nothing to do: the plain step appends the previous token itself.</summary>
    public void ReturnToPlainSteps(int pending)
    {
    }
}
