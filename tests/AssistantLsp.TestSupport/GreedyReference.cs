namespace AssistantLsp.TestSupport;

/// <summary>
/// Greedy decoding over a reference forward pass (a plain C# model the tests trust): the answer an
/// engine's greedy generation on the same weights must reproduce token for token.
/// </summary>
public static class GreedyReference
{
    /// <summary>
    /// <paramref name="newTokens"/> tokens after <paramref name="prompt"/>, each the argmax (first
    /// on ties) of <paramref name="lastLogits"/> over the sequence so far.
    /// </summary>
    public static List<int> Decode(Func<IReadOnlyList<int>, double[]> lastLogits, IReadOnlyList<int> prompt, int newTokens)
    {
        ArgumentNullException.ThrowIfNull(lastLogits);
        ArgumentNullException.ThrowIfNull(prompt);
        var tokens = prompt.ToList();
        var generated = new List<int>();
        for (int i = 0; i < newTokens; i++)
        {
            var logits = lastLogits(tokens);
            int best = 0;
            for (int v = 1; v < logits.Length; v++)
            {
                if (logits[v] > logits[best])
                {
                    best = v;
                }
            }

            generated.Add(best);
            tokens.Add(best);
        }

        return generated;
    }
}
