using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.TestSupport;

/// <summary>
/// The test models every test project shares. Written ones are real model folders from the
/// project's own writer (ONNX + tokenizer files, a few hundred KB, milliseconds to write) under the
/// run's <see cref="TestTemp"/> folder, so tests run the real engines offline; described ones are
/// the special tokens of the real families, as an engine would describe them, for tests that need
/// no model at all. GGUF models: <see cref="GgufModelFolder"/>.
/// </summary>
public static class TestModels
{
    /// <summary>What <see cref="Scripted"/> answers: repeated words, think tags, newlines, an accent and an emoji (a surrogate pair).</summary>
    public const string Script = "Hello hello world! <think>\nthe plan: say hello world</think>\nAnswer: café ☕ 😀 hello world\n  indented line\nhello world";

    private static readonly Lazy<WrittenTestModel> s_random = new(() => WriteShared(TestModelSpec.Random(seed: 7), "random"));
    private static readonly Lazy<WrittenTestModel> s_randomWithoutFim = new(() => WriteShared(TestModelSpec.Random(seed: 11) with { WithFimTokens = false }, "random-nofim"));
    private static readonly Lazy<WrittenTestModel> s_scripted = new(() => WriteShared(TestModelSpec.Scripted(Script), "scripted"));

    /// <summary>A shared tiny random-weight model with FIM tokens (read-only: do not modify its files).</summary>
    public static WrittenTestModel Random => s_random.Value;

    /// <summary>A shared tiny random-weight model without FIM tokens (read-only).</summary>
    public static WrittenTestModel RandomWithoutFim => s_randomWithoutFim.Value;

    /// <summary>A shared model that answers any prompt with <see cref="Script"/> (read-only).</summary>
    public static WrittenTestModel Scripted => s_scripted.Value;

    public static readonly FimTokens QwenFim = new(
        FimStyle.QwenCoder, "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", ["<|endoftext|>", "<|im_end|>", "<|file_sep|>"]);

    public static readonly FimTokens DeepSeekFim = new(
        FimStyle.DeepSeekCoder, "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", ["<｜end▁of▁sentence｜>"]);

    /// <summary>DeepSeek-R1's chat and think tokens, no FIM.</summary>
    public static readonly SpecialTokens R1 = new(
        "<｜begin▁of▁sentence｜>", [151643], "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>", null, null);

    /// <summary>Qwen2.5-Coder's FIM tokens, no chat tags.</summary>
    public static readonly SpecialTokens QwenCoder = new(
        null, [151643], null, null, null, null, QwenFim, null);

    /// <summary>A model with <paramref name="tokens"/> as an engine would describe it (no files behind it).</summary>
    public static ModelDescription Describe(SpecialTokens tokens) =>
        new("/models/test", "test", "cpu", 4096, 151936, tokens);

    /// <summary>A fresh model folder that answers any prompt with exactly <paramref name="script"/>, then end-of-sequence.</summary>
    public static string WriteScripted(string script, bool withFimTokens = true) =>
        Write(TestModelSpec.Scripted(script) with { WithFimTokens = withFimTokens }, "scripted").Directory;

    /// <summary>A fresh copy of <see cref="Random"/> that a test may break.</summary>
    public static string WriteRandom() => Write(TestModelSpec.Random(seed: 7), "random").Directory;

    /// <summary>Writes <paramref name="spec"/> into a fresh folder named after <paramref name="name"/>.</summary>
    public static WrittenTestModel Write(TestModelSpec spec, string name) => TestModelWriter.Write(spec, NewFolder(name));

    /// <summary>A fresh folder path under the run's temp folder, for a test that writes (or breaks) its own model.</summary>
    public static string NewFolder(string name) => Path.Combine(TestTemp.Root, "models", $"{name}-{Guid.NewGuid():N}");

    /// <summary>Writes the GGUF model <paramref name="spec"/> into a fresh folder and returns the file's path.</summary>
    public static string WriteGguf(GgufTestModelSpec spec) => GgufTestModelWriter.Write(spec, NewFolder("gguf"));

    /// <summary>A shared model's folder is its plain name (the engine names the model after it), once per run.</summary>
    private static WrittenTestModel WriteShared(TestModelSpec spec, string name) =>
        TestModelWriter.Write(spec, Path.Combine(TestTemp.Root, "shared-models", name));

    /// <summary>Loads a written model into the real GenAI engine on the CPU.</summary>
    public static OnnxGenAiEngine Load(WrittenTestModel model) => OnnxGenAiEngine.Load(model.Directory, "cpu");
}
