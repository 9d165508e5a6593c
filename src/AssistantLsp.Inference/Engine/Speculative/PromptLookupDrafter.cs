namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>
/// Prompt-lookup drafting: the last few tokens of the history (prompt and output so far) are
/// looked up earlier in the history, and the tokens that followed the earliest occurrence are
/// proposed as the continuation. Longer n-grams are tried first (fewer false matches).
/// Pure: the same history gives the same draft.
/// </summary>
public static class PromptLookupDrafter
{
    public const int LongestNgram = 4;

    public const int ShortestNgram = 2;

    /// <summary>
    /// Up to <paramref name="maxTokens"/> tokens that followed the earliest occurrence of
    /// the history's last n tokens (n from <see cref="LongestNgram"/> down to
    /// <see cref="ShortestNgram"/>); empty when nothing matches. With
    /// <paramref name="copyBefore"/>, only the history before that index is copied from.
    /// </summary>
    public static IReadOnlyList<int> Draft(IReadOnlyList<int> history, int maxTokens, int copyBefore = int.MaxValue)
    {
        var from = FindSource(history, copyBefore);
        return maxTokens <= 0 || from < 0 ? [] : Copy(history, from, maxTokens, copyBefore);
    }

    /// <summary>Up to <paramref name="maxTokens"/> history tokens from <paramref name="from"/> on, before <paramref name="copyBefore"/>.</summary>
    public static IReadOnlyList<int> Copy(IReadOnlyList<int> history, int from, int maxTokens, int copyBefore = int.MaxValue)
    {
        var count = Math.Min(maxTokens, Math.Min(history.Count, copyBefore) - from);
        if (from < 0 || count <= 0)
        {
            return [];
        }

        var draft = new int[count];
        for (var i = 0; i < count; i++)
        {
            draft[i] = history[from + i];
        }

        return draft;
    }

    /// <summary>Where the draft would be copied from (the token after the matched n-gram), or -1.</summary>
    public static int FindSource(IReadOnlyList<int> history, int copyBefore = int.MaxValue)
    {
        for (var n = Math.Min(LongestNgram, history.Count - 1); n >= ShortestNgram; n--)
        {
            var tailStart = history.Count - n;

            // Earliest occurrence first: where a copy of the text would start. The nearest one tends
            // to sit just before the place a repeated text changed, or at the end of what is left
            // to copy; the caller keeps following the copy once it has been found.
            var end = Math.Min(history.Count, copyBefore);
            var last = Math.Min(tailStart, end - n) - 1;
            for (var start = 0; start <= last; start++)
            {
                if (!MatchesAt(history, start, tailStart, n))
                {
                    continue;
                }

                return start + n;
            }
        }

        return -1;
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
