namespace AssistantLsp.Inference.Tests;

/// <summary>
/// Test classes that load the shared <see cref="TestModels"/> into GenAI engines run one at a time,
/// so their native engines do not pile up beside each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TestModelsCollection
{
    public const string Name = "Test models";
}
