using System.Text;
using AssistantLsp.Inference.LlamaCpp;
using AssistantLsp.Inference.Loading;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Inference.Tests.LlamaCpp;

/// <summary>Which paths the GGUF engine takes, and the errors a bad file gets.</summary>
public sealed class LlamaCppEngineLoadTests : IDisposable
{
    private readonly GgufModelFolder _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Loads_a_file_or_a_folder_holding_one_gguf()
    {
        var file = _models.Write(GgufTestModelSpec.Random());

        Assert.True(LlamaCppEngine.CanLoad(file));
        Assert.True(LlamaCppEngine.CanLoad(Path.GetDirectoryName(file)));
        using var fromFolder = LlamaCppEngine.Load(Path.GetDirectoryName(file)!, GgufModelFolder.TestOptions);
        Assert.Equal(file, fromFolder.Model.Path);
        Assert.Equal("tiny-random", fromFolder.Model.Name);
    }

    [Fact]
    public void Cannot_load_other_paths()
    {
        var onnxFolder = Path.Combine(_models.Path, "onnx");
        Directory.CreateDirectory(onnxFolder);
        File.WriteAllText(Path.Combine(onnxFolder, "genai_config.json"), "{}");
        var twoFolder = Path.Combine(_models.Path, "two");
        Directory.CreateDirectory(twoFolder);
        File.WriteAllText(Path.Combine(twoFolder, "a.gguf"), "x");
        File.WriteAllText(Path.Combine(twoFolder, "b.gguf"), "x");

        Assert.False(LlamaCppEngine.CanLoad(onnxFolder));
        Assert.False(LlamaCppEngine.CanLoad(twoFolder));
        Assert.False(LlamaCppEngine.CanLoad(Path.Combine(onnxFolder, "genai_config.json")));
        Assert.False(LlamaCppEngine.CanLoad(Path.Combine(_models.Path, "missing.gguf")));
        Assert.False(LlamaCppEngine.CanLoad(""));
        Assert.False(LlamaCppEngine.CanLoad(null));
    }

    [Fact]
    public void Missing_file_names_the_file()
    {
        var missing = Path.Combine(_models.Path, "nowhere.gguf");

        var error = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(missing));

        Assert.Equal(missing, error.FilePath);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_or_with_several_gguf_files_says_which()
    {
        var empty = Path.Combine(_models.Path, "empty");
        Directory.CreateDirectory(empty);
        var two = Path.Combine(_models.Path, "two");
        Directory.CreateDirectory(two);
        File.WriteAllText(Path.Combine(two, "a.gguf"), "x");
        File.WriteAllText(Path.Combine(two, "b.gguf"), "x");

        var none = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(empty));
        var several = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(two));

        Assert.Contains("no .gguf file", none.Message, StringComparison.Ordinal);
        Assert.Contains("a.gguf, b.gguf", several.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> NotGguf() => new()
    {
        { "text.gguf", Encoding.UTF8.GetBytes("this is not a model, just some text"), "is not a GGUF file" },
        { "empty.gguf", [], "is not a GGUF file" },
        { "short.gguf", "GGU"u8.ToArray(), "is not a GGUF file" },
        { "version.gguf", [.. "GGUF"u8, 9, 0, 0, 0, .. new byte[16]], "GGUF version 9" },
    };

    [Theory]
    [MemberData(nameof(NotGguf))]
    public void Not_a_gguf_file_is_named_with_the_fix(string name, byte[] bytes, string expected)
    {
        var file = _models.WriteBytes(name, bytes);

        var error = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(file));

        Assert.Equal(file, error.FilePath);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.003)]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void Truncated_file_is_reported_as_incomplete(double keptFraction)
    {
        var bytes = File.ReadAllBytes(_models.Write(GgufTestModelSpec.Random()));
        var file = _models.WriteBytes("truncated.gguf", bytes[..(int)(bytes.Length * keptFraction)]);

        var error = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(file));

        Assert.Equal(file, error.FilePath);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("incomplete or corrupt", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Unknown_architecture_says_what_llama_cpp_reported()
    {
        var builder = new GgufFileBuilder();
        builder.Add("general.architecture", "no-such-architecture");
        builder.AddTensor("token_embd.weight", new float[8], 4, 2);
        var file = Path.Combine(_models.Path, "unknown-arch.gguf");
        using (var stream = File.Create(file))
        {
            builder.WriteTo(stream);
        }

        var error = Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(file));

        Assert.Contains("no-such-architecture", error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_options_are_refused()
    {
        var file = _models.Write(GgufTestModelSpec.Random());

        Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(file, new LlamaCppEngineOptions { ContextSize = 4 }));
        Assert.Throws<ModelLoadException>(() => LlamaCppEngine.Load(file, new LlamaCppEngineOptions { Threads = 0 }));
    }
}
