using AssistantLsp.Inference.Loading;

namespace AssistantLsp.ModelWriting;

/// <summary>One token written to tokenizer.json's added_tokens.</summary>
internal sealed record AddedToken(int Id, string Content, bool Special);

/// <summary>
/// Token ids of a test model: 256 byte tokens (id = byte value), learned merges, script pieces
/// (in the BPE vocabulary but produced by no merge, so the encoder never emits them), then the
/// added tokens of DeepSeek-R1 (and optionally Qwen's FIM tokens).
/// </summary>
internal sealed class TestVocabulary
{
    private readonly Dictionary<string, int> _keyToId = new(StringComparer.Ordinal);

    public TestVocabulary(int mergeCount, bool withFimTokens, Func<Func<string, bool>, IReadOnlyList<string>>? splitScript, bool withThinkTokens = true)
    {
        for (int b = 0; b < 256; b++)
        {
            _keyToId.Add(ByteLevelAlphabet.CharOf((byte)b).ToString(), b);
        }

        Merges = BpeMergeTrainer.Learn(mergeCount);
        foreach (var (left, right) in Merges)
        {
            _keyToId.TryAdd(left + right, _keyToId.Count);
        }

        var baseKeys = new HashSet<string>(_keyToId.Keys, StringComparer.Ordinal);
        ScriptPieces = splitScript?.Invoke(text => baseKeys.Contains(ByteLevelAlphabet.Encode(text))) ?? [];
        ScriptPieceIds = [.. ScriptPieces.Select(piece => Add(ByteLevelAlphabet.Encode(piece)))];
        BpeVocabularySize = _keyToId.Count;

        var added = new List<AddedToken>();
        void AddSpecial(string content, bool special) => added.Add(new AddedToken(BpeVocabularySize + added.Count, content, special));
        AddSpecial(KnownTokenTexts.BeginOfSentence, true);
        AddSpecial(KnownTokenTexts.EndOfSentence, true);
        AddSpecial(KnownTokenTexts.User, true);
        AddSpecial(KnownTokenTexts.Assistant, true);
        if (withThinkTokens)
        {
            // DeepSeek marks the think tags as non-special, so decoding keeps them.
            AddSpecial(KnownTokenTexts.ThinkStart, false);
            AddSpecial(KnownTokenTexts.ThinkEnd, false);
        }
        if (withFimTokens)
        {
            AddSpecial(KnownTokenTexts.QwenFimPrefix, true);
            AddSpecial(KnownTokenTexts.QwenFimMiddle, true);
            AddSpecial(KnownTokenTexts.QwenFimSuffix, true);
            AddSpecial(KnownTokenTexts.QwenFimPad, true);
            AddSpecial(KnownTokenTexts.QwenEndOfText, true);
        }

        AddedTokens = added;
    }

    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    public IReadOnlyList<string> ScriptPieces { get; }

    public IReadOnlyList<int> ScriptPieceIds { get; }

    /// <summary>Entries in tokenizer.json's model.vocab (bytes, merges, pieces).</summary>
    public int BpeVocabularySize { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int Size => BpeVocabularySize + AddedTokens.Count;

    public IEnumerable<KeyValuePair<string, int>> BpeEntries => _keyToId.OrderBy(e => e.Value);

    public int IdOfAdded(string content) => AddedTokens.First(t => t.Content == content).Id;

    public int? IdOfAddedOrNull(string content) => AddedTokens.FirstOrDefault(t => t.Content == content)?.Id;

    private int Add(string key)
    {
        int id = _keyToId.Count;
        _keyToId.Add(key, id);
        return id;
    }
}
