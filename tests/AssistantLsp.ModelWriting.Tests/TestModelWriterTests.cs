using System.Text.Json;
using AssistantLsp.Inference.Engine;
using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class TestModelWriterTests
{
    [Fact]
    public void Writes_a_genai_model_folder()
    {
        var files = Directory.GetFiles(TestModels.Random.Directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["genai_config.json", "model.onnx", "tokenizer.json", "tokenizer_config.json"], files);
        Assert.InRange(new FileInfo(Path.Combine(TestModels.Random.Directory, "model.onnx")).Length, 10_000, 1_000_000);
    }

    [Fact]
    public void Same_seed_writes_the_same_model_and_another_seed_a_different_one()
    {
        var again = TestModels.Write(TestModelSpec.Random(seed: 7), "seed7");
        var other = TestModels.Write(TestModelSpec.Random(seed: 8), "seed8");

        byte[] Onnx(WrittenTestModel m) => File.ReadAllBytes(Path.Combine(m.Directory, "model.onnx"));
        Assert.Equal(Onnx(TestModels.Random), Onnx(again));
        Assert.NotEqual(Onnx(TestModels.Random), Onnx(other));
    }

    [Fact]
    public void Tokenizer_files_carry_the_r1_tokens_and_optionally_the_fim_tokens()
    {
        static string[] Added(WrittenTestModel m)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(m.Directory, "tokenizer.json")));
            return [.. json.RootElement.GetProperty("added_tokens").EnumerateArray().Select(t => t.GetProperty("content").GetString()!)];
        }

        string[] r1 = ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>"];
        string[] fim = ["<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|fim_pad|>", "<|endoftext|>"];
        Assert.Equal(r1.Concat(fim).Order(), Added(TestModels.Random).Order());
        Assert.Equal(r1.Order(), Added(TestModels.RandomWithoutFim).Order());
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestModels.Random.Directory, "tokenizer_config.json")));
        Assert.EndsWith("<｜Assistant｜><think>\\n' }}{% endif %}", config.RootElement.GetProperty("chat_template").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(config.RootElement.GetProperty("tokenizer_class").GetString()));
    }

    [Fact]
    public async Task Scripted_model_emits_its_script_exactly_then_stops()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var streamed = new System.Text.StringBuilder();

        var result = await engine.GenerateAsync(new(engine.Encode("Say something."), new() { MaxNewTokens = 500 }), t => { streamed.Append(t.Text); return TokenDecision.Continue; }, CancellationToken.None);

        Assert.Equal(TestModels.Script, result.Text);
        Assert.Equal(TestModels.Script, streamed.ToString());
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(TestModels.Scripted.Vocabulary.ScriptPieceIds, result.TokenIds);
    }

    [Theory]
    [InlineData("<|fim_prefix|>def f():\n    <|fim_suffix|>\n<|fim_middle|>")]
    [InlineData("<｜begin▁of▁sentence｜><｜User｜>Explain hello world<｜Assistant｜><think>\n")]
    [InlineData("hello world")]
    [InlineData("</think>")]
    public async Task Scripted_model_emits_its_script_after_prompts_with_special_or_script_text(string promptText)
    {
        using var engine = TestModels.Load(TestModels.Scripted);

        var result = await engine.GenerateAsync(new(engine.Encode(promptText), new() { MaxNewTokens = 500 }), null, CancellationToken.None);

        Assert.Equal(TestModels.Script, result.Text);
    }

    [Fact]
    public void Encoder_never_produces_script_piece_tokens()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var pieceIds = TestModels.Scripted.Vocabulary.ScriptPieceIds.ToHashSet();

        var ids = engine.Encode(TestModels.Script + " " + string.Concat(TestModels.Scripted.Vocabulary.ScriptPieces));

        Assert.DoesNotContain(ids, pieceIds.Contains);
    }

    [Fact]
    public void Every_script_piece_decodes_to_its_text()
    {
        using var engine = TestModels.Load(TestModels.Scripted);
        var vocabulary = TestModels.Scripted.Vocabulary;

        for (int i = 0; i < vocabulary.ScriptPieces.Count; i++)
        {
            Assert.Equal(vocabulary.ScriptPieces[i], engine.Decode([vocabulary.ScriptPieceIds[i]]));
        }
    }

    [Fact]
    public async Task Random_model_writes_printable_text()
    {
        using var engine = TestModels.Load(TestModels.Random);

        var result = await engine.GenerateAsync(new(engine.Encode("Hello"), new() { MaxNewTokens = 40 }), null, CancellationToken.None);

        Assert.Equal(40, result.TokenIds.Count);
        Assert.All(result.Text, c => Assert.True(c == '\n' || c is >= ' ' and <= '~', $"unexpected U+{(int)c:X4}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("One line.")]
    [InlineData("la la la la la la la la la la la la")]
    public async Task Scripted_model_of_any_script_emits_it(string script)
    {
        var written = TestModels.Write(TestModelSpec.Scripted(script) with { WithFimTokens = false }, "script");
        using var engine = TestModels.Load(written);

        var result = await engine.GenerateAsync(new(engine.Encode("<｜User｜>go"), new() { MaxNewTokens = 100 }), null, CancellationToken.None);

        Assert.Equal(script, result.Text);
        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
    }

    [Fact]
    public void Bad_specs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TestModels.Write(TestModelSpec.Random() with { ContextLength = 4 }, "bad"));
        Assert.Throws<ArgumentException>(() => TestModelWriter.Write(TestModelSpec.Random(), " "));
    }
}
