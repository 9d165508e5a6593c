using System.Text;

namespace AssistantLsp.Inference.ModelWriting.Gguf;

/// <summary>
/// Splits a script into pieces that are pairwise distinct and unlike any existing token, so a
/// successor table (each token has one fixed next token) can spell the script exactly, repeated
/// words included. LZ78-style: each piece is the shortest prefix of the rest that is new; a tail
/// that is not new is joined to the pieces before it. Works on whole Unicode scalars, so a piece
/// never splits a character. The one exception to "unlike any existing token": a script that
/// is itself a single existing token comes back as that one piece.
/// </summary>
internal static class GgufScriptPieces
{
    /// <param name="script">The text to spell.</param>
    /// <param name="isTaken">True for texts that already name a token (never used as a piece).</param>
    public static IReadOnlyList<string> Split(string script, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(isTaken);
        var runes = script.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var pieces = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var position = 0;
        while (position < runes.Length)
        {
            var candidate = new StringBuilder();
            var end = position;
            string? piece = null;
            while (end < runes.Length)
            {
                candidate.Append(runes[end++]);
                var text = candidate.ToString();
                if (!used.Contains(text) && !isTaken(text))
                {
                    piece = text;
                    break;
                }
            }

            if (piece is null)
            {
                // Only the tail can fail: join it to earlier pieces until the join is new.
                var tail = candidate.ToString();
                while (true)
                {
                    if (pieces.Count == 0)
                    {
                        // The whole script already names a token: that token is the only piece.
                        break;
                    }

                    var last = pieces[^1];
                    pieces.RemoveAt(pieces.Count - 1);
                    used.Remove(last);
                    tail = last + tail;
                    if (!used.Contains(tail) && !isTaken(tail))
                    {
                        break;
                    }
                }

                piece = tail;
            }

            pieces.Add(piece);
            used.Add(piece);
            position = end;
        }

        return pieces;
    }
}
