using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class ExplainPromptBuilderTests
{
    private static CodeSelection Select(string markup, string languageId = "csharp")
    {
        var (text, start, end) = Markup.ParseRange(markup);
        return new CodeSelection(text, start, end, languageId, "src/Calc.cs");
    }

    [Fact]
    public void Message_holds_the_task_the_selection_and_its_surroundings()
    {
        var selection = Select("class Calc\n{\n[    int Add(int a, int b) => a + b;\n]}\n");

        var prompt = new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(selection, null, 2000);

        Assert.Equal(
            "Explain the selected C# code (line 3 of `src/Calc.cs`).\n"
            + "Say what it does and how, and point out anything surprising or wrong.\n"
            + "Answer in concise markdown.\n\n"
            + "Selected code:\n```csharp\n    int Add(int a, int b) => a + b;\n```\n"
            + "\nCode before the selection, for context:\n```csharp\nclass Calc\n{\n```\n"
            + "\nCode after the selection, for context:\n```csharp\n}\n```\n",
            prompt.Text);
        Assert.Equal(prompt.Text.Length, prompt.TokenCount);
        Assert.False(prompt.SelectionTruncated);
    }

    [Theory]
    [InlineData("Why is it an expression body?", "The user asks: Why is it an expression body?\n")]
    [InlineData("   ", "Say what it does and how")]
    public void The_users_question_replaces_the_general_request(string question, string expected)
    {
        var prompt = new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(Select("[x();]"), question, 2000);

        Assert.Contains(expected, prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_only_the_diagnostics_touching_the_selection_with_line_numbers()
    {
        var (text, start, end) = Markup.ParseRange("a();\r\n😀 b();\r\n[c(x);\r\n]d();\r\n");
        var selection = new CodeSelection(text, start, end, "csharp", "a.cs")
        {
            Diagnostics =
            [
                new DiagnosticNote(0, 3, "warning", "outside"),
                new DiagnosticNote(start + 2, start + 3, "error", "The name 'x'\ndoes not exist") { Code = "CS0103", Source = "csharp" },
            ],
        };

        var prompt = new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(selection, null, 2000);

        Assert.Contains("Diagnostics reported in the selection:\n- line 3: error CS0103: The name 'x' does not exist (csharp)\n", prompt.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("outside", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("(line 3 of", prompt.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(1200)]
    public void Surroundings_fill_the_budget_and_never_exceed_it(int budget)
    {
        var lines = Enumerable.Range(0, 600).Select(i => $"int v{i} = {i};\n").ToList();
        var text = string.Concat(lines.Take(300)) + "[int target = 0;\n]" + string.Concat(lines.Skip(300));
        var selection = Select(text);

        var prompt = new ExplainPromptBuilder(TestTokenCounters.PerWord).Build(selection, null, budget);

        Assert.True(prompt.TokenCount <= budget);
        Assert.Equal(TestTokenCounters.PerWord(prompt.Text), prompt.TokenCount);
        Assert.True(prompt.TokenCount > budget - 12, $"only {prompt.TokenCount} of {budget} used");
        Assert.Contains("int v299 = 299;\n```", prompt.Text, StringComparison.Ordinal); // nearest line before
        Assert.Contains("```csharp\nint v300 = 300;", prompt.Text, StringComparison.Ordinal); // nearest line after
    }

    [Fact]
    public void A_selection_bigger_than_the_budget_is_cut_to_its_first_lines()
    {
        var body = string.Concat(Enumerable.Range(0, 100).Select(i => $"line{i}();\n"));
        var selection = Select("[" + body + "]");

        var prompt = new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(selection, null, 400);

        Assert.True(prompt.SelectionTruncated);
        Assert.True(prompt.TokenCount <= 400);
        Assert.Contains("only its first lines are shown", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("line0();\n", prompt.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("line99();", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_below_the_instructions_is_a_clear_error()
    {
        var error = Assert.Throws<PromptTooLargeException>(() => new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(Select("[x]"), null, 20));

        Assert.Contains("smaller than the instructions", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 9)]
    [InlineData(3, 1)]
    [InlineData(2, 3)] // ends inside the surrogate pair
    public void Bad_selection_offsets_are_rejected(int start, int end)
    {
        var selection = new CodeSelection("ab😀c", start, end, "csharp", "a.cs");

        Assert.ThrowsAny<ArgumentException>(() => new ExplainPromptBuilder(TestTokenCounters.PerChar).Build(selection, null, 1000));
    }
}
