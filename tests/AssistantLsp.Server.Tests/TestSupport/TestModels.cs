using AssistantLsp.ModelWriting;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>
/// Real model folders written by the project's own writer (ONNX + tokenizer files, a few hundred
/// KB, milliseconds to write), so server tests run the real GenAI engine offline.
/// </summary>
public static class TestModels
{
    private static readonly Lazy<string> RandomModel = new(() => Write(TestModelSpec.Random(seed: 7), "random"));

    /// <summary>A shared tiny random-weight model (read-only: do not modify its files).</summary>
    public static string Random => RandomModel.Value;

    /// <summary>A fresh model that answers any prompt with exactly <paramref name="script"/>, then end-of-sequence.</summary>
    public static string Scripted(string script, bool withFimTokens = true) =>
        Write(TestModelSpec.Scripted(script) with { WithFimTokens = withFimTokens }, "scripted");

    /// <summary>A fresh copy of the random model that a test may break.</summary>
    public static string FreshRandom() => Write(TestModelSpec.Random(seed: 7), "random");

    private static string Write(TestModelSpec spec, string name)
    {
        var folder = Path.Combine(TestTemp.Root, "assistant-lsp-tests", $"{name}-{Guid.NewGuid():N}");
        return TestModelWriter.Write(spec, folder).Directory;
    }
}
