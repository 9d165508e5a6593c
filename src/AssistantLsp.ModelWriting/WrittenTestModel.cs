namespace AssistantLsp.ModelWriting;

/// <summary>A model folder written by <see cref="TestModelWriter"/>.</summary>
public sealed record WrittenTestModel(string Directory, TestModelKind Kind, int VocabSize, int ContextLength)
{
    /// <summary>The exact weights written (tests run a reference forward pass on them).</summary>
    internal TransformerWeights Weights { get; init; } = null!;

    internal TestVocabulary Vocabulary { get; init; } = null!;
}
