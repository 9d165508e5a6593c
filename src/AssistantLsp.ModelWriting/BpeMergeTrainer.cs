using System.Text.RegularExpressions;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// Learns a few byte-level BPE merges from a small built-in corpus, so test tokenizers have real
/// multi-byte tokens (and merge chains) like a production vocabulary, only far fewer.
/// </summary>
internal static partial class BpeMergeTrainer
{
    private const string Corpus = """
        The quick brown fox jumps over the lazy dog while the other dogs sleep.
        public static int Add(int left, int right) { return left + right; }
        for (int index = 0; index < count; index++) { total += values[index]; }
        if (value == null) { throw new ArgumentNullException(nameof(value)); }
        def main(): print("hello world") return the result of the function
        Think about the problem, then write the answer in the editor.
        """;

    /// <summary>Merges in rank order, each as the two vocabulary keys it joins.</summary>
    public static IReadOnlyList<(string Left, string Right)> Learn(int count)
    {
        var words = WordPattern().Matches(Corpus)
            .Select(m => ByteLevelAlphabet.Encode(m.Value).Select(c => c.ToString()).ToList())
            .ToList();
        var merges = new List<(string, string)>();
        while (merges.Count < count)
        {
            var pairCounts = new Dictionary<(string, string), int>();
            foreach (var word in words)
            {
                for (int i = 0; i + 1 < word.Count; i++)
                {
                    var pair = (word[i], word[i + 1]);
                    pairCounts[pair] = pairCounts.GetValueOrDefault(pair) + 1;
                }
            }

            if (pairCounts.Count == 0)
            {
                break;
            }

            // Most frequent pair; ties broken by ordinal order so the result never depends on hashing.
            var best = pairCounts
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .First().Key;
            merges.Add(best);
            foreach (var word in words)
            {
                for (int i = 0; i + 1 < word.Count; i++)
                {
                    if (word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        word[i] = best.Item1 + best.Item2;
                        word.RemoveAt(i + 1);
                    }
                }
            }
        }

        return merges;
    }

    // Roughly the GPT-2 pre-tokenizer split: an optional leading space glued to a word, number or symbol run.
    [GeneratedRegex(@" ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+")]
    private static partial Regex WordPattern();
}
