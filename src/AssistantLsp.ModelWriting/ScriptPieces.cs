using System.Text;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// Splits a script into pieces that are all different from each other and from every string in
/// a base vocabulary (LZ78 style: each piece is the shortest prefix of the remaining text not
/// seen yet; a tail that is not new is joined to the pieces before it). Distinct pieces let a
/// successor table (token → next token) spell any text, repeated words included. Pieces never
/// split a Unicode scalar, so each decodes to whole characters. Both test-model writers use it.
/// </summary>
internal static class ScriptPieces
{
    /// <summary>
    /// Pieces for the ONNX writer: where the script allows, each piece also spans a pre-tokenizer
    /// word boundary, so the encoder can never produce a piece token from prompt text. A script
    /// that is itself a vocabulary entry is refused with an <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="isTaken">True for strings that already have a token (bytes, merges).</param>
    public static IReadOnlyList<string> Split(string script, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(isTaken);

        // A script without any word boundary (one bare word) cannot have boundary-spanning pieces.
        return TrySplit(script, piece => !isTaken(piece) && PreTokenBoundary.Spans(piece))
            ?? TrySplit(script, piece => !isTaken(piece))
            ?? throw new ArgumentException(
                $"The script \"{script}\" is too short to get tokens of its own: it is already a vocabulary entry. Use a longer script.",
                nameof(script));
    }

    /// <summary>
    /// Pieces for the GGUF writer: distinct and new, with one exception: a script that is itself
    /// a single taken string comes back as that one piece.
    /// </summary>
    /// <param name="isTaken">True for texts that already name a token (never used as a piece).</param>
    public static IReadOnlyList<string> SplitDistinct(string script, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(isTaken);
        return TrySplit(script, piece => !isTaken(piece)) ?? [script];
    }

    /// <summary>The pieces, or null when even the whole script is not usable as one piece.</summary>
    private static List<string>? TrySplit(string script, Func<string, bool> isUsable)
    {
        var runes = script.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var pieces = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool IsNew(string piece) => !seen.Contains(piece) && isUsable(piece);
        int start = 0;
        while (start < runes.Length)
        {
            var candidate = new StringBuilder();
            int end = start;
            while (end < runes.Length)
            {
                candidate.Append(runes[end++]);
                if (IsNew(candidate.ToString()))
                {
                    break;
                }
            }

            var piece = candidate.ToString();
            if (!IsNew(piece))
            {
                // Only the tail can fail: glue it onto earlier pieces until the result is new.
                while (pieces.Count > 0 && !IsNew(piece))
                {
                    var previous = pieces[^1];
                    pieces.RemoveAt(pieces.Count - 1);
                    seen.Remove(previous);
                    piece = previous + piece;
                }

                if (!IsNew(piece))
                {
                    return null;
                }
            }

            pieces.Add(piece);
            seen.Add(piece);
            start = end;
        }

        return pieces;
    }
}
