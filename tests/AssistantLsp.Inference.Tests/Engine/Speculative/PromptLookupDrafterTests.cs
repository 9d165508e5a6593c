using AssistantLsp.Inference.Engine.Speculative;

namespace AssistantLsp.Inference.Tests.Engine.Speculative;

public sealed class PromptLookupDrafterTests
{
    public static TheoryData<int[], int, int[]> Cases() => new()
    {
        // history, max tokens, expected draft
        { [1, 2, 3, 4, 5, 1, 2], 3, [3, 4, 5] },
        { [1, 2, 3, 4, 5, 1, 2], 10, [3, 4, 5, 1, 2] },
        { [1, 2, 3, 4, 5, 1, 2], 1, [3] },
        { [1, 2, 3, 4, 5, 1, 2], 0, [] },
        // Only a single token repeats: below the shortest n-gram, nothing is drafted.
        { [1, 2, 3, 4, 5, 6, 1], 4, [] },
        // The earliest occurrence wins.
        { [7, 8, 1, 7, 8, 2, 7, 8], 2, [1, 7] },
        // A longer n-gram beats an earlier, shorter one.
        { [7, 8, 3, 5, 7, 8, 1, 9, 7, 8, 2, 5, 7, 8], 1, [1] },
        // The match may overlap the tail itself (a run of one token).
        { [4, 4, 4, 4], 3, [4] },
        { [4, 4, 4, 4, 4, 4], 3, [4, 4] },
        { [], 4, [] },
        { [3], 4, [] },
        { [3, 3], 4, [] },
    };

    public static TheoryData<int[], int, int, int[]> LimitedCases() => new()
    {
        // history, max tokens, copy before, expected draft
        { [1, 2, 3, 4, 9, 1, 2, 5, 1, 2], 3, 4, [3, 4] },
        { [1, 2, 3, 4, 9, 1, 2, 5, 1, 2], 3, int.MaxValue, [3, 4, 9] },
        { [1, 2, 3, 4, 9, 1, 2, 5, 1, 2], 3, 2, [] },
        { [1, 2, 3, 4, 9, 1, 2, 5, 1, 2], 3, 3, [3] },
    };

    [Theory]
    [MemberData(nameof(LimitedCases))]
    public void Copies_only_from_before_the_limit_when_given_one(int[] history, int maxTokens, int copyBefore, int[] expected) =>
        Assert.Equal(expected, PromptLookupDrafter.Draft(history, maxTokens, copyBefore));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Drafts_what_followed_the_earliest_match(int[] history, int maxTokens, int[] expected) =>
        Assert.Equal(expected, PromptLookupDrafter.Draft(history, maxTokens));
}
