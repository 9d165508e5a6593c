using System.Text.Json.Nodes;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.OnnxGenAi;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.Inference.Tests.Loading;

/// <summary>Each case writes a good model, breaks one thing, and expects an error naming the file and the fix.</summary>
[Collection(TestModelsCollection.Name)]
public sealed class ModelLoadErrorTests
{
    private string WriteModel(string name) => TestModels.Write(TestModelSpec.Random(seed: 3), name).Directory;

    private static ModelLoadException LoadFails(string directory, string provider = "cpu")
    {
        var error = Assert.Throws<ModelLoadException>(() => OnnxGenAiEngine.Load(directory, provider).Dispose());
        Assert.False(string.IsNullOrWhiteSpace(error.FilePath));
        return error;
    }

    [Fact]
    public void Missing_folder()
    {
        var directory = Path.Combine(TestTemp.Root, "no-such-model");

        var error = LoadFails(directory);

        Assert.Equal(directory, error.FilePath);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        // Users read this in their editor: it names what the folder must hold, not developer tools.
        Assert.Contains("genai_config.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("make-test-model", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genai_config.json")]
    [InlineData("model.onnx")]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    public void Missing_file(string file)
    {
        var directory = WriteModel("missing");
        File.Delete(Path.Combine(directory, file));

        var error = LoadFails(directory);

        Assert.Equal(Path.Combine(directory, file), error.FilePath);
        Assert.Contains($"{file}' is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("genai_config.json")]
    [InlineData("tokenizer.json")]
    [InlineData("tokenizer_config.json")]
    public void Invalid_json(string file)
    {
        var directory = WriteModel("badjson");
        File.WriteAllText(Path.Combine(directory, file), "{ \"model\": { \"context_length\": 512, ");

        var error = LoadFails(directory);

        Assert.Equal(Path.Combine(directory, file), error.FilePath);
        Assert.Contains("is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("Restore the file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("context_length", "model.context_length")]
    [InlineData("vocab_size", "model.vocab_size")]
    [InlineData("decoder.filename", "model.decoder.filename")]
    [InlineData("decoder.num_hidden_layers", "model.decoder.num_hidden_layers")]
    [InlineData("decoder", "model.decoder")]
    public void Genai_config_without_a_required_field(string fieldUnderModel, string named)
    {
        var directory = WriteModel("nofield");
        var path = Path.Combine(directory, "genai_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        var parent = config["model"]!.AsObject();
        var parts = fieldUnderModel.Split('.');
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        parent.Remove(parts[^1]);
        File.WriteAllText(path, config.ToJsonString());

        var error = LoadFails(directory);

        Assert.Equal(path, error.FilePath);
        Assert.Contains($"lacks {named} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_context_length_is_refused()
    {
        var directory = WriteModel("zerocontext");
        var path = Path.Combine(directory, "genai_config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["model"]!["context_length"] = 0;
        File.WriteAllText(path, config.ToJsonString());

        Assert.Contains("model.context_length", LoadFails(directory).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "is empty")]
    [InlineData("html", "not a valid ONNX model")]
    [InlineData("truncated", "cut off")]
    public void Corrupt_onnx_file(string damage, string expected)
    {
        var directory = WriteModel("corrupt");
        var path = Path.Combine(directory, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "html":
                File.WriteAllText(path, "<!DOCTYPE html><html><body>Rate limit exceeded</body></html>");
                break;
            default:
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
        }

        var error = LoadFails(directory);

        Assert.Equal(path, error.FilePath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("download it again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Well_formed_onnx_that_onnx_runtime_rejects_is_wrapped()
    {
        var directory = WriteModel("badgraph");
        var graph = new OnnxGraphBuilder();
        graph.Input("input_ids", OnnxElementType.Int64, "batch_size", "sequence_length");
        graph.Output("logits", OnnxElementType.Float, "batch_size", "sequence_length", 10);
        graph.NodeTo("logits", "NoSuchOperator", ["input_ids"]);
        File.WriteAllBytes(Path.Combine(directory, "model.onnx"), graph.ToModelBytes("broken"));

        var error = LoadFails(directory);

        Assert.Equal(Path.Combine(directory, "model.onnx"), error.FilePath);
        Assert.Contains("ONNX Runtime could not load the model", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Tokenizer_larger_than_the_models_vocabulary()
    {
        var directory = WriteModel("mismatch");
        File.Copy(Path.Combine(TestModels.Scripted.Directory, "tokenizer.json"), Path.Combine(directory, "tokenizer.json"), overwrite: true);

        var error = LoadFails(directory);

        Assert.Equal(Path.Combine(directory, "tokenizer.json"), error.FilePath);
        Assert.Contains("belongs to a different model", error.Message, StringComparison.Ordinal);
        Assert.Contains($"vocab_size is {TestModels.Random.VocabSize}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_execution_provider()
    {
        var error = LoadFails(TestModels.Random.Directory, "tpu");

        Assert.Contains("'tpu' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("cpu, cuda", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_either_loads_or_says_how_to_get_it()
    {
        try
        {
            using var engine = OnnxGenAiEngine.Load(TestModels.Random.Directory, "cuda");
            Assert.Equal("cuda", engine.Model.ExecutionProvider);
        }
        catch (ModelLoadException error)
        {
            // The default (CPU) build has no CUDA provider library.
            Assert.Contains("-p:AssistantGpu=cuda", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Provider_name_is_case_insensitive()
    {
        using var engine = OnnxGenAiEngine.Load(TestModels.Random.Directory, " CPU ");

        Assert.Equal("cpu", engine.Model.ExecutionProvider);
    }
}
