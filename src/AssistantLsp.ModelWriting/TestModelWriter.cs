using AssistantLsp.Inference.Loading;

namespace AssistantLsp.ModelWriting;

/// <summary>
/// Writes tiny but real model folders in ONNX Runtime GenAI layout (genai_config.json,
/// model.onnx, tokenizer.json, tokenizer_config.json) that load in the real engine offline.
/// </summary>
public static class TestModelWriter
{
    private const int MergeCount = 24;
    private const float SuppressedLogitBias = -12f;

    /// <summary>Writes the model described by <paramref name="spec"/> into <paramref name="outDirectory"/> (created if missing, files overwritten).</summary>
    public static WrittenTestModel Write(TestModelSpec spec, string outDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        if (spec.ContextLength is < 16 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.ContextLength, "ContextLength must be between 16 and 65536.");
        }

        var vocabulary = spec.Kind == TestModelKind.Scripted
            ? new TestVocabulary(MergeCount, spec.WithFimTokens, isTaken => ScriptPieces.Split(spec.Script ?? string.Empty, isTaken), spec.WithThinkTokens)
            : new TestVocabulary(MergeCount, spec.WithFimTokens, splitScript: null, spec.WithThinkTokens);
        int bos = vocabulary.IdOfAdded(KnownTokenTexts.BeginOfSentence);
        int eos = vocabulary.IdOfAdded(KnownTokenTexts.EndOfSentence);
        var eosIds = vocabulary.IdOfAddedOrNull(KnownTokenTexts.QwenEndOfText) is { } endOfText ? new[] { eos, endOfText } : [eos];

        var weights = spec.Kind switch
        {
            TestModelKind.Random => TransformerWeights.Random(
                new TransformerShape(vocabulary.Size, Hidden: 32, AttentionHeads: 2, HeadSize: 16, Layers: 2, Mlp: 64, spec.ContextLength, UsePositions: true),
                spec.Seed,
                RandomModelHeadBias(vocabulary)),
            TestModelKind.Scripted => ScriptedTransformer.Build(vocabulary, eos, spec.ContextLength),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown test model kind."),
        };

        Directory.CreateDirectory(outDirectory);
        File.WriteAllBytes(Path.Combine(outDirectory, GenAiConfigWriter.ModelFileName), DecoderGraph.Build(weights));
        GenAiConfigWriter.Write(outDirectory, weights.Shape, bos, eosIds, eos);
        TokenizerFilesWriter.Write(vocabulary, outDirectory);
        return new WrittenTestModel(Path.GetFullPath(outDirectory), spec.Kind, vocabulary.Size, spec.ContextLength)
        {
            Weights = weights,
            Vocabulary = vocabulary,
        };
    }

    /// <summary>
    /// Keeps the random model to printable ASCII and newlines: no special tokens (so it never
    /// stops early) and no stray high bytes (so every output decodes to valid text).
    /// </summary>
    private static float[] RandomModelHeadBias(TestVocabulary vocabulary)
    {
        var bias = new float[vocabulary.Size];
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= 0x20 and <= 0x7E or '\n';
            bias[b] = printable ? 0f : SuppressedLogitBias;
        }

        foreach (var token in vocabulary.AddedTokens)
        {
            bias[token.Id] = SuppressedLogitBias;
        }

        return bias;
    }
}
