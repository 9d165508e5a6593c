using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.Inference.Tests.TestModels;

/// <summary>Writes the shared tiny models once per test run into a temporary folder (a few ms each).</summary>
public sealed class TestModelsFixture : IDisposable
{
    /// <summary>Repeated words, think tags, newlines, an accent and an emoji (a surrogate pair).</summary>
    public const string Script = "Hello hello world! <think>\nthe plan: say hello world</think>\nAnswer: café ☕ 😀 hello world\n  indented line\nhello world";

    public TestModelsFixture()
    {
        Root = Path.Combine(TestTemp.Root, "assistantlsp-tests-" + Guid.NewGuid().ToString("N"));
        Random = TestModelWriter.Write(TestModelSpec.Random(seed: 7), Path.Combine(Root, "random"));
        RandomWithoutFim = TestModelWriter.Write(TestModelSpec.Random(seed: 11) with { WithFimTokens = false }, Path.Combine(Root, "random-nofim"));
        Scripted = TestModelWriter.Write(TestModelSpec.Scripted(Script), Path.Combine(Root, "scripted"));
    }

    public string Root { get; }

    public WrittenTestModel Random { get; }

    public WrittenTestModel RandomWithoutFim { get; }

    public WrittenTestModel Scripted { get; }

    public static OnnxGenAiEngine Load(WrittenTestModel model) => OnnxGenAiEngine.Load(model.Directory, "cpu");

    /// <summary>A fresh folder under the run's root for a test that writes (and breaks) its own model.</summary>
    public string NewFolder(string name) => Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TestModelsCollection : ICollectionFixture<TestModelsFixture>
{
    public const string Name = "Test models";
}
