namespace AssistantLsp.Features.Prompts;

/// <summary>
/// Finds how much of a budget the variable part of a prompt may take so that the whole, counted
/// exactly, fits. Per-line counts do not add up exactly to the count of the joined text (joins,
/// headings, tokens spanning lines), so the first guess is checked, then corrected by its
/// overshoot, then bisected: the result always fits and is rarely much below the budget.
/// </summary>
internal static class BudgetSearch
{
    private const int MaxGrowSteps = 2;

    /// <param name="max">Largest content budget to try.</param>
    /// <param name="attempt">Renders with a content budget; returns the value and how far its total exceeds the budget (≤ 0 when it fits). A content budget of 0 must fit.</param>
    public static T LargestFitting<T>(int max, Func<int, (T Value, int Overshoot)> attempt)
    {
        max = Math.Max(0, max);
        var (value, overshoot) = attempt(max);
        if (overshoot <= 0)
        {
            return GrowWhileFitting(max, value, overshoot, attempt);
        }

        if (max == 0)
        {
            return value;
        }

        var low = 0;
        var high = max - 1;
        var probe = Math.Clamp(max - overshoot, low, high);
        var found = false;
        var best = value;
        while (low <= high)
        {
            (value, overshoot) = attempt(probe);
            if (overshoot <= 0)
            {
                best = value;
                found = true;
                low = probe + 1;
            }
            else
            {
                high = probe - 1;
            }

            probe = low + ((high - low) / 2);
        }

        return found ? best : attempt(0).Value;
    }

    /// <summary>
    /// Per-line counts can also overestimate (a tokenizer merging across lines): while the text
    /// falls short of the budget, a couple of larger content budgets are tried.
    /// </summary>
    private static T GrowWhileFitting<T>(int content, T value, int overshoot, Func<int, (T Value, int Overshoot)> attempt)
    {
        for (var i = 0; i < MaxGrowSteps && overshoot < 0; i++)
        {
            var (larger, largerOvershoot) = attempt(content - overshoot);
            if (largerOvershoot > 0 || largerOvershoot == overshoot)
            {
                break;
            }

            content -= overshoot;
            value = larger;
            overshoot = largerOvershoot;
        }

        return value;
    }

    /// <summary>Wraps a token counter with a memo, for the many repeated line counts of one search.</summary>
    public static Func<string, int> Memoize(Func<string, int> countTokens)
    {
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        return text =>
        {
            if (!memo.TryGetValue(text, out var count))
            {
                count = countTokens(text);
                memo[text] = count;
            }

            return count;
        };
    }
}
