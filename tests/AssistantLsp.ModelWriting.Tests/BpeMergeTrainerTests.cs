using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class BpeMergeTrainerTests
{
    [Fact]
    public void Learns_the_requested_number_of_merges_deterministically()
    {
        var first = BpeMergeTrainer.Learn(20);
        var second = BpeMergeTrainer.Learn(20);

        Assert.Equal(20, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Later_merges_build_on_earlier_ones()
    {
        var merges = BpeMergeTrainer.Learn(24);
        var known = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharOf((byte)b).ToString()).ToHashSet();

        foreach (var (left, right) in merges)
        {
            Assert.Contains(left, known);
            Assert.Contains(right, known);
            known.Add(left + right);
        }

        Assert.Contains(merges, m => m.Left.Length + m.Right.Length > 2);
    }
}
