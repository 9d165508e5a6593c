namespace AssistantLsp.Features.Prompts;

/// <summary>
/// The stretch of a document kept around an anchor (a cursor, or a selection): text before it
/// starts at <see cref="BeforeStart"/>, text after it ends at <see cref="AfterEnd"/>. Token counts
/// are sums over the kept lines, so they approximate the count of the joined text.
/// </summary>
internal readonly record struct ContextWindow(int BeforeStart, int AfterEnd, int BeforeTokens, int AfterTokens);

/// <summary>
/// Fits text around an anchor into a token budget: whole lines nearest the anchor are kept, the
/// budget split between before and after by a share, each side getting what the other leaves
/// unused. Only the partial line touching the anchor is ever cut mid-line (when even it alone
/// does not fit), keeping the characters nearest the anchor.
/// </summary>
internal static class ContextWindowFitter
{
    /// <summary>
    /// No token of a real vocabulary spans more characters than this, so a line longer than
    /// budget × this cannot fit whole and only its nearest budget × this characters can ever be kept:
    /// a minified or hostile line of megabytes is never handed to the tokenizer whole.
    /// </summary>
    public const int MaxCharsPerToken = 64;

    public static ContextWindow Fit(string text, int beforeEnd, int afterStart, int budget, double beforeShare, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(countTokens);
        budget = Math.Max(0, budget);
        var beforeBudget = (int)Math.Round(budget * Math.Clamp(beforeShare, 0, 1));
        var afterBudget = budget - beforeBudget;

        var maxCountedChars = (long)budget * MaxCharsPerToken;
        var before = new Side(text, beforeEnd, backwards: true, countTokens, maxCountedChars);
        var after = new Side(text, afterStart, backwards: false, countTokens, maxCountedChars);
        before.TakeWhileFits(beforeBudget);
        after.TakeWhileFits(afterBudget);
        before.TakeWhileFits(budget - after.Used);
        after.TakeWhileFits(budget - before.Used);

        if (before.NeedsCut)
        {
            var allowance = after.NeedsCut ? beforeBudget : budget - after.Used;
            before.CutFirstUnit(allowance);
        }

        if (after.NeedsCut)
        {
            after.CutFirstUnit(budget - before.Used);
        }

        return new ContextWindow(before.Boundary, after.Boundary, before.Used, after.Used);
    }

    /// <summary>One side of the anchor, walked a line at a time away from it.</summary>
    private sealed class Side(string text, int anchor, bool backwards, Func<string, int> countTokens, long maxCountedChars)
    {
        /// <summary>The cost given to a line too long to fit whole: it is never counted, only cut.</summary>
        private const int Unfittable = int.MaxValue / 4;

        private int _taken;
        private bool _cut;
        private (int Start, int End, int Cost)? _pending;

        /// <summary>Offset where the kept text ends (start for the before side, end for the after side).</summary>
        public int Boundary { get; private set; } = anchor;

        public int Used { get; private set; }

        /// <summary>True when not even the line touching the anchor fitted and it has text to cut.</summary>
        public bool NeedsCut => _taken == 0 && Peek() is { } unit && unit.End > unit.Start;

        public void TakeWhileFits(int limit)
        {
            while (Peek() is { } unit && Used + unit.Cost <= limit)
            {
                Boundary = backwards ? unit.Start : unit.End;
                Used += unit.Cost;
                _taken++;
                _pending = null;
            }
        }

        /// <summary>Keeps the largest part of the first unit, nearest the anchor, that fits <paramref name="allowance"/>.</summary>
        public void CutFirstUnit(int allowance)
        {
            if (Peek() is not { } unit || allowance <= 0)
            {
                return;
            }

            // Binary search on the kept length; counts need not be monotonic for odd tokenizers, so
            // the result is re-counted and only kept when it truly fits.
            int low = 0, high = (int)Math.Min(unit.End - unit.Start, maxCountedChars);
            while (low < high)
            {
                var mid = (low + high + 1) / 2;
                if (countTokens(Slice(unit, mid)) <= allowance)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            var kept = Slice(unit, low);
            var cost = countTokens(kept);
            if (kept.Length == 0 || cost > allowance)
            {
                return;
            }

            Boundary = backwards ? unit.End - kept.Length : unit.Start + kept.Length;
            Used += cost;
            _taken++;
            _pending = null;
            _cut = true;
        }

        private string Slice((int Start, int End, int Cost) unit, int length)
        {
            int start, end;
            if (backwards)
            {
                end = unit.End;
                start = end - length;
                if (start > unit.Start && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]))
                {
                    start++;
                }
            }
            else
            {
                start = unit.Start;
                end = start + length;
                if (end < unit.End && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
                {
                    end--;
                }
            }

            return text[start..end];
        }

        private (int Start, int End, int Cost)? Peek()
        {
            if (_pending is { } pending)
            {
                return pending;
            }

            if (_cut)
            {
                return null;
            }

            (int Start, int End)? span = backwards ? NextBefore() : NextAfter();
            if (span is not { } s)
            {
                return null;
            }

            var cost = s.End == s.Start ? 0 : s.End - s.Start > maxCountedChars ? Unfittable : countTokens(text[s.Start..s.End]);
            _pending = (s.Start, s.End, cost);
            return _pending;
        }

        private (int, int)? NextBefore()
        {
            var end = Boundary;
            if (_taken == 0)
            {
                // The partial line from its start up to the anchor (may be empty).
                return (TextLines.LineStart(text, end), end);
            }

            if (end == 0)
            {
                return null;
            }

            var breakLength = text[end - 1] == '\n' && end >= 2 && text[end - 2] == '\r' ? 2 : 1;
            return (TextLines.LineStart(text, end - breakLength), end);
        }

        private (int, int)? NextAfter()
        {
            var start = Boundary;
            if (start >= text.Length)
            {
                return _taken == 0 ? (start, start) : null;
            }

            return (start, TextLines.SkipLineBreak(text, TextLines.LineContentEnd(text, start)));
        }
    }
}
