using AssistantLsp.Features.Context;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class R1CompletionPromptBuilderTests
{
    [Fact]
    public void User_turn_shows_the_code_with_a_marker_and_the_assistant_turn_skips_thinking()
    {
        var (text, cursor) = Markup.Parse("def add(a, b):\n    return |\n");
        var builder = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerChar);

        var prompt = builder.Build(new CompletionPromptRequest(text, cursor, "python", "pkg/math.py"));

        Assert.Equal(
            "<｜begin▁of▁sentence｜><｜User｜>Complete the Python code in `pkg/math.py` at the <CURSOR> marker.\n"
            + "Reply with only the code to insert at <CURSOR>: no explanation, no markdown, and do not repeat code that is already before or after the marker.\n\n"
            + "File `pkg/math.py`:\n```python\ndef add(a, b):\n    return <CURSOR>\n```\n"
            + "<｜Assistant｜><think>\n\n</think>\n\n",
            prompt.Text);
        Assert.Equal(CompletionPromptKind.Chat, prompt.Kind);
        Assert.Contains("<｜end▁of▁sentence｜>", prompt.StopTexts);
        Assert.Contains("<｜User｜>", prompt.StopTexts);
    }

    [Fact]
    public void Code_holding_backtick_fences_gets_a_longer_fence()
    {
        var builder = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerChar);

        var prompt = builder.Build(new CompletionPromptRequest("text\n```js\nx\n```\n", 0, "markdown", "README.md"));

        Assert.Contains("````markdown\ntext\n```js\nx\n```\n````\n", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_code_after_the_cursor_comes_first_so_typing_changes_only_the_end_of_the_prompt()
    {
        var builder = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerChar);
        const string Before = "def area(r):\n    pi = ";
        const string After = "\n    return pi * r * r\n";

        var first = builder.Build(new CompletionPromptRequest(Before + After, Before.Length, "python", "geo.py")).Text;
        var typed = builder.Build(new CompletionPromptRequest(Before + "3." + After, Before.Length + 2, "python", "geo.py")).Text;

        var suffixAt = first.IndexOf("The code that follows the <CURSOR> marker in `geo.py`:\n```python\n\n    return pi * r * r\n```\n", StringComparison.Ordinal);
        var prefixAt = first.IndexOf("File `geo.py` up to the <CURSOR> marker:\n```python\ndef area(r):\n    pi = <CURSOR>\n```\n", StringComparison.Ordinal);
        Assert.True(suffixAt > 0 && prefixAt > suffixAt, first);
        var shared = first.Zip(typed).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(shared >= first.IndexOf("    pi = <CURSOR>", StringComparison.Ordinal), "a keystroke changed the prompt before the typed line");
    }

    [Fact]
    public void Extra_context_goes_in_before_the_file_within_budget()
    {
        var builder = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerFourChars);
        var chunks = new[] { new ContextChunk("lib/util.py", "def helper():\n    pass") };

        var prompt = builder.Build(new CompletionPromptRequest("x = |".Replace("|", "", StringComparison.Ordinal), 4, "python", "main.py")
        {
            ContextTokens = 200,
            ExtraContext = chunks,
        });

        Assert.Contains("Code from other files, for reference:\n\nFile `lib/util.py`:\n```python\ndef helper():\n    pass\n```\n\nFile `main.py`:", prompt.Text, StringComparison.Ordinal);
        Assert.True(prompt.TokenCount <= 200);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(300)]
    [InlineData(900)]
    public void Never_exceeds_the_budget(int budget)
    {
        var text = string.Concat(Enumerable.Range(0, 300).Select(i => $"line_{i} = {i}  # 😀\r\n"));
        var builder = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerFourChars);

        var prompt = builder.Build(new CompletionPromptRequest(text, text.Length / 2, "python", "big.py") { ContextTokens = budget });

        Assert.True(prompt.TokenCount <= budget);
        Assert.Equal(TestTokenCounters.PerFourChars(prompt.Text), prompt.TokenCount);
        Assert.Contains("<CURSOR>", prompt.Text, StringComparison.Ordinal);
    }
}
