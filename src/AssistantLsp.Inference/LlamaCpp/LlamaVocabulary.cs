using System.Text;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using LLama;
using LLama.Native;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// Tokenization and token texts of a loaded GGUF model, plus what prompt builders need to know
/// about its special tokens, read from the vocabulary itself (never from the model's name).
/// Safe to use from several threads: llama.cpp's vocabulary is read-only after load.
/// </summary>
internal sealed class LlamaVocabulary
{
    private const string BosTemplateVariable = "bos_token";

    private readonly LLamaWeights _weights;
    private readonly byte[]?[] _pieces;
    private readonly HashSet<int> _specialIds;

    public LlamaVocabulary(LLamaWeights weights)
    {
        _weights = weights;
        Count = weights.Vocab.Count;
        _pieces = new byte[Count][];
        var endIds = new List<int>();
        for (var id = 0; id < Count; id++)
        {
            if (((LLamaToken)id).IsEndOfGeneration(weights.Vocab))
            {
                endIds.Add(id);
            }
        }

        EndOfGenerationIds = endIds;
        _specialIds = [.. Enumerable.Range(0, Count).Where(id => ((LLamaToken)id).IsControl(weights.Vocab))];
        ChatTemplate = weights.Metadata.TryGetValue("tokenizer.chat_template", out var template) && !string.IsNullOrWhiteSpace(template)
            ? template
            : null;
        Tokens = DescribeTokens();

        // Chat and FIM markers are control tokens in some exports and user-defined ones in others
        // (DeepSeek's <｜User｜>): either way they are not text.
        foreach (var text in new[] { Tokens.BeginOfSentence, Tokens.User, Tokens.Assistant, Tokens.Fim?.Prefix, Tokens.Fim?.Suffix, Tokens.Fim?.Middle })
        {
            if (text is not null && SingleTokenId(text) is { } id)
            {
                _specialIds.Add(id);
            }
        }
    }

    public int Count { get; }

    public IReadOnlyList<int> EndOfGenerationIds { get; }

    public string? ChatTemplate { get; }

    public SpecialTokens Tokens { get; }

    public bool IsEndOfGeneration(int id) => ((LLamaToken)id).IsEndOfGeneration(_weights.Vocab);

    public bool IsSpecial(int id) => _specialIds.Contains(id);

    /// <summary>Special-token text is recognized; no BOS is added.</summary>
    public IReadOnlyList<int> Encode(string text) =>
        text.Length == 0 ? [] : _weights.NativeHandle.Tokenize(text, false, true, Encoding.UTF8).Select(t => (int)t).ToArray();

    public string Decode(IReadOnlyList<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            bytes.AddRange(PieceBytes(id));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The raw bytes a token stands for, special tokens rendered as their text (may be part of a UTF-8 character).</summary>
    public byte[] PieceBytes(int id)
    {
        if ((uint)id >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id {id} is outside the vocabulary (0..{Count - 1}).");
        }

        return _pieces[id] ??= ReadPiece(id);
    }

    /// <summary>
    /// llama.cpp renders chat templates by recognizing known formats, not by running the Jinja, and
    /// leaves out the template's leading BOS; put it back when the template asks for one.
    /// </summary>
    public string WithTemplateBos(string rendered) =>
        ChatTemplate is { } template
        && template.Contains(BosTemplateVariable, StringComparison.Ordinal)
        && Tokens.BeginOfSentence is { } bos
        && !rendered.StartsWith(bos, StringComparison.Ordinal)
            ? bos + rendered
            : rendered;

    private byte[] ReadPiece(int id)
    {
        Span<byte> buffer = stackalloc byte[128];
        var length = NativeApi.llama_token_to_piece(_weights.Vocab, (LLamaToken)id, buffer, 0, true);
        if (length >= 0)
        {
            return buffer[..length].ToArray();
        }

        var large = new byte[-length];
        length = NativeApi.llama_token_to_piece(_weights.Vocab, (LLamaToken)id, large, 0, true);
        return large[..Math.Max(0, length)];
    }

    /// <summary>The id of the token spelled exactly <paramref name="text"/>, or null when the text is not one token.</summary>
    private int? SingleTokenId(string text)
    {
        var ids = Encode(text);
        return ids.Count == 1 && Decode(ids) == text ? ids[0] : null;
    }

    private SpecialTokens DescribeTokens()
    {
        var bos = _weights.Vocab.BOS is { } bosToken ? Decode([(int)bosToken]) : null;
        return SpecialTokenReader.Describe(string.IsNullOrEmpty(bos) ? null : bos, EndOfGenerationIds, text => SingleTokenId(text) is not null, ChatTemplate);
    }
}
