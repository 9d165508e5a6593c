namespace AssistantLsp.Inference.Engine.Speculative;

/// <summary>
/// A <see cref="ITokenSource"/> that decodes by prompt lookup and verification: each step runs
/// the pending token (the last one handed out, not yet in the cache) together with a draft through
/// the model in one pass, keeps the accepted draft tokens and one more (correction or bonus), and
/// rewinds the cache past the rejected ones. The loop above takes the tokens one at a time, so end
/// of sequence, budgets, stop strings and the caller's stop work exactly as in plain decoding; a
/// generation that stops inside a step leaves those extra tokens in the cache, which prefix reuse
/// treats like any other cached tokens.
/// </summary>
internal sealed class SpeculativeTokenSource : ITokenSource
{
    private readonly ITokenSource _text;
    private readonly IDraftVerifier _verifier;
    private readonly IDraftJudge _judge;
    private readonly int _maxNewTokens;
    private readonly List<int> _history;
    private readonly Queue<int> _ready = new();
    private readonly AdaptiveDraftLength _length = new();
    private readonly int _copyBefore;
    private int? _pending;
    private bool _plain;
    private int _source = -1;
    private int _alignedMisses;
    private int _handedOut;

    /// <param name="text">The engine's own source: token kinds and text, and its plain steps once drafting gives up.</param>
    public SpeculativeTokenSource(ITokenSource text, IDraftVerifier verifier, IDraftJudge judge, IReadOnlyList<int> prompt, GenerationOptions options, int vocabSize)
    {
        _text = text;
        _verifier = verifier;
        _judge = judge;
        _maxNewTokens = options.MaxNewTokens;

        // The reference goes first: lookup takes the earliest match, so the reference wins ties.
        _history = [.. (options.DraftReference ?? []).Where(id => id >= 0 && id < vocabSize)];
        _copyBefore = options.DraftOnlyFromReference ? _history.Count : int.MaxValue;
        _history.AddRange(prompt);
    }

    /// <summary>Draft tokens sent for verification.</summary>
    public int Drafted { get; private set; }

    /// <summary>Draft tokens the target model kept.</summary>
    public int Accepted { get; private set; }

    public int? Next(int? previous)
    {
        if (_plain)
        {
            return _text.Next(previous);
        }

        if (_ready.Count == 0 && _length.GaveUp && _pending is { } pending && !_text.IsEndOfGeneration(pending))
        {
            if (_verifier.Count + 1 > _verifier.Capacity)
            {
                return null;
            }

            _verifier.ReturnToPlainSteps(pending);
            _plain = true;
            return _text.Next(previous);
        }

        if (_ready.Count == 0 && !Step())
        {
            return null;
        }

        _handedOut++;
        return _ready.Dequeue();
    }

    public bool IsEndOfGeneration(int id) => _text.IsEndOfGeneration(id);

    public bool IsSpecial(int id) => _text.IsSpecial(id);

    public string DecodePiece(int id) => _text.DecodePiece(id);

    /// <summary>Fills the ready queue; false when the context is full.</summary>
    private bool Step()
    {
        if (_pending is not { } pending)
        {
            // First token: drawn from the prompt's logits.
            Enqueue(_judge.Sample(_verifier.Logits(0)));
            return true;
        }

        var room = _verifier.Capacity - _verifier.Count - 1;
        if (room < 0)
        {
            return false;
        }

        // The pending token is handed out already; a step yields accepted draft tokens plus one.
        var wanted = Math.Min(Math.Min(room, _verifier.MaxTokensPerPass - 1), _maxNewTokens - _handedOut - 1);
        var end = Math.Min(_history.Count, _copyBefore);
        var from = -1;
        if (wanted > 0 && !_text.IsEndOfGeneration(pending) && _length.TryStartStep())
        {
            from = _source >= 0 && _source < end ? _source : PromptLookupDrafter.FindSource(_history, _copyBefore);
        }

        var draft = PromptLookupDrafter.Copy(_history, from, Math.Min(wanted, _length.Length), _copyBefore);

        var tokens = new int[draft.Count + 1];
        tokens[0] = pending;
        for (var i = 0; i < draft.Count; i++)
        {
            tokens[i + 1] = draft[i];
        }

        var before = _verifier.Count;
        _verifier.Verify(tokens);
        var (accepted, next) = SpeculativeAcceptance.Decide(draft, _verifier.Logits, _judge);
        if (accepted < draft.Count)
        {
            _verifier.RewindTo(before + 1 + accepted);
        }

        Follow(from, draft.Count, accepted);
        _length.Record(draft.Count, accepted);
        Drafted += draft.Count;
        Accepted += accepted;
        for (var i = 0; i < accepted; i++)
        {
            Enqueue(draft[i]);
        }

        Enqueue(next);
        return true;
    }

    /// <summary>
    /// Keeps the copy aligned with its source: the output is read as the source with tokens
    /// substituted, so after a step the next draft continues one past the last token emitted
    /// (the rejected draft token counts as substituted). The search of the last n tokens takes
    /// over after two aligned drafts in a row gain nothing (an insertion or a deletion); a nearest
    /// n-gram match alone tends to pick the copy just before the place where the text changed.
    /// </summary>
    private void Follow(int from, int drafted, int accepted)
    {
        if (drafted == 0)
        {
            _source = _source >= 0 ? _source + 1 : -1;
            return;
        }

        var aligned = from == _source;
        _alignedMisses = accepted > 0 ? 0 : aligned ? _alignedMisses + 1 : 0;
        _source = _alignedMisses >= 2 ? -1 : from + accepted + 1;
        if (_source < 0)
        {
            _alignedMisses = 0;
        }
    }

    private void Enqueue(int token)
    {
        _ready.Enqueue(token);
        _history.Add(token);
        _pending = token;
    }
}
