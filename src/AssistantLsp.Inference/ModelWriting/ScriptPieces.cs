using System.Text;

namespace AssistantLsp.Inference.ModelWriting;

/// <summary>
/// Splits a script into pieces that are all different from each other and from every string in
/// a base vocabulary (LZ78 style: each piece is the shortest prefix of the remaining text not
/// seen yet). Distinct pieces let a successor table (token → next token) spell any text, repeated
/// words included. Pieces never split a Unicode scalar, so each decodes to whole characters.
/// Where the script allows, each piece also spans a pre-tokenizer word boundary, so the encoder
/// can never produce a piece token from prompt text.
/// </summary>
internal static class ScriptPieces
{
    /// <param name="isTaken">True for strings that already have a token (bytes, merges).</param>
    public static IReadOnlyList<string> Split(string script, Func<string, bool> isTaken)
    {
        try
        {
            return SplitWhere(script, piece => !isTaken(piece) && PreTokenBoundary.Spans(piece));
        }
        catch (ArgumentException)
        {
            // A script without any word boundary (one bare word) cannot have boundary-spanning pieces.
            return SplitWhere(script, piece => !isTaken(piece));
        }
    }

    private static List<string> SplitWhere(string script, Func<string, bool> isUsable)
    {
        var runes = script.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var pieces = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int start = 0;
        while (start < runes.Length)
        {
            var candidate = new StringBuilder();
            int end = start;
            while (end < runes.Length)
            {
                candidate.Append(runes[end++]);
                if (!seen.Contains(candidate.ToString()) && isUsable(candidate.ToString()))
                {
                    break;
                }
            }

            var piece = candidate.ToString();
            if (seen.Contains(piece) || !isUsable(piece))
            {
                // The tail is not new: glue it onto earlier pieces until the result is.
                while (pieces.Count > 0 && (seen.Contains(piece) || !isUsable(piece)))
                {
                    var previous = pieces[^1];
                    pieces.RemoveAt(pieces.Count - 1);
                    seen.Remove(previous);
                    piece = previous + piece;
                }

                if (seen.Contains(piece) || !isUsable(piece))
                {
                    throw new ArgumentException(
                        $"The script \"{script}\" is too short to get tokens of its own: it is already a vocabulary entry. Use a longer script.",
                        nameof(script));
                }
            }

            pieces.Add(piece);
            seen.Add(piece);
            start = end;
        }

        return pieces;
    }
}
