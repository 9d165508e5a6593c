namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>Reads the logits row after a verified position.</summary>
internal delegate ReadOnlySpan<float> LogitRow(int index);

/// <summary>Keeps or replaces one draft token given the target's logits at its position.</summary>
internal interface IDraftJudge
{
    /// <summary>True to keep <paramref name="draftToken"/>; else <paramref name="replacement"/> is emitted instead.</summary>
    bool AcceptDraft(ReadOnlySpan<float> logits, int draftToken, out int replacement);

    /// <summary>A plain draw from the logits (the bonus token after a fully accepted draft).</summary>
    int Sample(ReadOnlySpan<float> logits);
}

/// <summary>
/// The acceptance rule: walk the draft in order, keep tokens while the judge accepts them, and
/// finish with one more token (the judge's replacement at the first rejection, or a bonus token
/// drawn after the last draft token when all were kept). Row i of the logits follows the pending
/// token and the first i draft tokens.
/// </summary>
internal static class SpeculativeAcceptance
{
    /// <returns>How many draft tokens were kept, and the token that follows them.</returns>
    public static (int Accepted, int Next) Decide(IReadOnlyList<int> draft, LogitRow rows, IDraftJudge judge)
    {
        for (var i = 0; i < draft.Count; i++)
        {
            if (!judge.AcceptDraft(rows(i), draft[i], out var replacement))
            {
                return (i, replacement);
            }
        }

        return (draft.Count, judge.Sample(rows(draft.Count)));
    }
}
