namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>
/// Prompt-lookup drafting: the last few tokens of the history (prompt and output so far) are
/// looked up earlier in the history, and the tokens that followed the latest earlier occurrence
/// are proposed as the continuation. Longer n-grams are tried first (fewer false matches).
/// Pure: the same history gives the same draft.
/// </summary>
internal static class PromptLookupDrafter
{
    public const int LongestNgram = 4;

    public const int ShortestNgram = 2;

    /// <summary>
    /// Up to <paramref name="maxTokens"/> tokens that followed the latest earlier occurrence of
    /// the history's last n tokens (n from <see cref="LongestNgram"/> down to
    /// <see cref="ShortestNgram"/>); empty when nothing matches. With
    /// <paramref name="copyBefore"/>, only the history before that index is copied from.
    /// </summary>
    public static IReadOnlyList<int> Draft(IReadOnlyList<int> history, int maxTokens, int copyBefore = int.MaxValue)
    {
        if (maxTokens <= 0)
        {
            return [];
        }

        for (var n = Math.Min(LongestNgram, history.Count - 1); n >= ShortestNgram; n--)
        {
            var tailStart = history.Count - n;

            // Latest occurrence first: the nearest copy is the likeliest to continue the same way.
            var end = Math.Min(history.Count, copyBefore);
            for (var start = Math.Min(tailStart, end - n) - 1; start >= 0; start--)
            {
                if (!MatchesAt(history, start, tailStart, n))
                {
                    continue;
                }

                var from = start + n;
                var count = Math.Min(maxTokens, end - from);
                var draft = new int[count];
                for (var i = 0; i < count; i++)
                {
                    draft[i] = history[from + i];
                }

                return draft;
            }
        }

        return [];
    }

    private static bool MatchesAt(IReadOnlyList<int> history, int start, int tailStart, int n)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            if (history[start + i] != history[tailStart + i])
            {
                return false;
            }
        }

        return true;
    }
}
