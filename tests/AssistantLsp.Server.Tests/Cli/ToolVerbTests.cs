using AssistantLsp.Server.Tests.TestSupport;

namespace AssistantLsp.Server.Tests.Cli;

/// <summary>The user's tool verbs on the real binary: write a model, then run it once.</summary>
public class ToolVerbTests
{
    private static string TempFolder() => Path.Combine(TestTemp.Root, "assistant-lsp-tests", $"verb-{Guid.NewGuid():N}");

    [Fact]
    public void Make_test_model_writes_a_folder_that_generate_runs_in_the_r1_format()
    {
        var script = Path.Combine(TestTemp.Root, $"script-{Guid.NewGuid():N}.txt");
        File.WriteAllText(script, "Let me think about it.\n</think>\n\nThe answer is 42.");
        var folder = TempFolder();

        var made = ServerProcess.RunToEnd("make-test-model", "--out", folder, "--kind", "scripted", "--script", script);
        Assert.Equal(0, made.Code);
        Assert.True(File.Exists(Path.Combine(folder, "genai_config.json")));
        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));

        var run = ServerProcess.RunToEnd("generate", "--model", folder, "--prompt", "What is six times seven?");
        Assert.Equal(0, run.Code);
        var reasoning = run.Stdout.IndexOf("## Reasoning", StringComparison.Ordinal);
        var answer = run.Stdout.IndexOf("## Answer", StringComparison.Ordinal);
        Assert.True(reasoning >= 0 && answer > reasoning, run.Stdout);
        Assert.Contains("Let me think about it.", run.Stdout[reasoning..answer], StringComparison.Ordinal);
        Assert.Contains("The answer is 42.", run.Stdout[answer..], StringComparison.Ordinal);
        Assert.DoesNotContain("</think>", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_raw_prints_the_decoded_output_as_is()
    {
        var script = Path.Combine(TestTemp.Root, $"script-{Guid.NewGuid():N}.txt");
        File.WriteAllText(script, "<think>raw</think>done");
        var folder = TempFolder();
        Assert.Equal(0, ServerProcess.RunToEnd("make-test-model", "--out", folder, "--kind", "scripted", "--script", script).Code);

        var run = ServerProcess.RunToEnd("generate", "--model", folder, "--prompt", "<｜User｜>hi<｜Assistant｜>", "--raw");
        Assert.Equal(0, run.Code);
        Assert.Equal("<think>raw</think>done", run.Stdout);
    }

    [Fact]
    public void Make_test_model_gguf_writes_one_gguf_file_that_generate_loads()
    {
        var folder = TempFolder();
        var made = ServerProcess.RunToEnd("make-test-model", "--out", folder, "--format", "gguf", "--seed", "3");
        Assert.Equal(0, made.Code);
        Assert.Single(Directory.GetFiles(folder, "*.gguf"));

        var run = ServerProcess.RunToEnd("generate", "--model", folder, "--prompt", "hello", "--raw", "--max-tokens", "5");
        Assert.Equal(0, run.Code);
        Assert.Contains("generated 5", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("make-test-model")]
    [InlineData("make-test-model", "--out", "x", "--kind", "scripted")]
    [InlineData("make-test-model", "--out", "x", "--kind", "bogus")]
    [InlineData("generate", "--prompt", "hi")]
    [InlineData("generate", "--model", "m", "--prompt", "hi", "--max-tokens", "0")]
    [InlineData("generate", "--model", "m", "--prompt", "hi", "--max-tokens", "abc")]
    [InlineData("generate", "--model", "m", "--prompt", "hi", "--temperature", "x")]
    [InlineData("bench", "completion", "--model", "m", "--file", "f", "--keys", "many")]
    public void Bad_usage_exits_with_two(params string[] args)
    {
        var run = ServerProcess.RunToEnd(args);
        Assert.Equal(2, run.Code);
        Assert.NotEmpty(run.Stderr);
    }

    [Fact]
    public void Generate_on_a_missing_model_names_the_folder_and_exits_one()
    {
        var missing = TempFolder();
        var run = ServerProcess.RunToEnd("generate", "--model", missing, "--prompt", "hi");
        Assert.Equal(1, run.Code);
        Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
    }
}
