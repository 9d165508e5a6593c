using System.Collections.Concurrent;
using System.Text;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// The remote engine's stand-in for a tokenizer. The server tokenizes on its side, but the engine
/// interface (prompt builders, the reasoning run's forced continuation) works in token ids, so
/// these ids only have to round-trip text exactly: ids below 65536 are single UTF-16 units
/// (what <see cref="Encode"/> makes: one id per character; prompt budgets count the server's tokens
/// through <see cref="RemoteTokenCounter"/> instead), ids from 65536 up name a piece of streamed output
/// (one id per server token, interned so the reasoning run can replay them). The piece table only
/// grows by distinct pieces, which in practice are the server's vocabulary.
/// </summary>
internal sealed class RemoteTextCodec
{
    public const int FirstPieceId = 0x10000;

    // Beyond this many distinct pieces a new piece is spelled as characters by the caller.
    private const int MaxPieces = 1 << 20;

    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, string> _pieces = new();
    private readonly object _gate = new();

    public int VocabSize => FirstPieceId + MaxPieces;

    public static int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            ids[i] = text[i];
        }

        return ids;
    }

    /// <summary>The id for one streamed piece, or null when the table is full (then use <see cref="Encode"/>'s ids).</summary>
    public int? PieceId(string piece)
    {
        if (piece.Length == 1)
        {
            return piece[0];
        }

        if (_ids.TryGetValue(piece, out var id))
        {
            return id;
        }

        lock (_gate)
        {
            if (_ids.TryGetValue(piece, out id))
            {
                return id;
            }

            if (_ids.Count >= MaxPieces)
            {
                return null;
            }

            id = FirstPieceId + _ids.Count;
            _pieces[id] = piece;
            _ids[piece] = id;
            return id;
        }
    }

    /// <summary>Text of <paramref name="ids"/>; an id this codec never made is an argument error.</summary>
    public string Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder(ids.Count);
        foreach (var id in ids)
        {
            if (id is >= 0 and < FirstPieceId)
            {
                text.Append((char)id);
            }
            else if (_pieces.TryGetValue(id, out var piece))
            {
                text.Append(piece);
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, "Token id is not one this remote engine produced.");
            }
        }

        return text.ToString();
    }
}
