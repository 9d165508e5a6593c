using AssistantLsp.Features.CodeActions;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

public class CodeActionPromptBuilderTests
{
    private static CodeSelection Select(string markup, string languageId = "python")
    {
        var (text, start, end) = Markup.ParseRange(markup);
        return new CodeSelection(text, start, end, languageId, "pkg/calc.py");
    }

    [Theory]
    [InlineData(CodeActionKind.Fix, "Fix the problem listed below in the selected Python code (line 2 of `pkg/calc.py`).")]
    [InlineData(CodeActionKind.Document, "Add a documentation comment to the selected Python code")]
    [InlineData(CodeActionKind.Refactor, "Refactor the selected Python code")]
    [InlineData(CodeActionKind.Simplify, "Simplify the selected Python code")]
    [InlineData(CodeActionKind.GenerateTests, "Write unit tests for the selected Python code")]
    public void Each_kind_states_its_task_first(CodeActionKind kind, string task)
    {
        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(kind, Select("import os\n[def f(): return 1\n]")));

        Assert.StartsWith(task, prompt.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CodeActionKind.Fix)]
    [InlineData(CodeActionKind.Document)]
    [InlineData(CodeActionKind.Refactor)]
    [InlineData(CodeActionKind.Simplify)]
    public void Edit_kinds_ask_for_one_block_replacing_exactly_the_selection(CodeActionKind kind)
    {
        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(kind, Select("[x = 1]")));

        Assert.Contains("Reply with the code that replaces exactly the selected code, in exactly one fenced code block (```python).", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("Selected code:\n```python\nx = 1\n```\n", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tests_kind_asks_for_a_complete_test_file_with_the_framework()
    {
        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(CodeActionKind.GenerateTests, Select("[def f(): return 1]")) { TestFramework = "pytest" });

        Assert.Contains("using pytest.", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("Reply with a complete test file, including the imports it needs, in exactly one fenced code block (```python).", prompt.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("replaces exactly", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_names_the_chosen_diagnostic()
    {
        var (text, start, end) = Markup.ParseRange("a = 1\n[b = c\nd = e\n]");
        var target = new DiagnosticNote(start + 4, start + 5, "error", "undefined name 'c'") { Code = "F821" };
        var other = new DiagnosticNote(start + 10, start + 11, "error", "undefined name 'e'");
        var selection = new CodeSelection(text, start, end, "python", "m.py") { Diagnostics = [target, other] };

        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(CodeActionKind.Fix, selection) { Diagnostic = target });

        Assert.Contains("Problem to fix:\n- line 2: error F821: undefined name 'c'\n", prompt.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("name 'e'", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void User_instruction_is_added()
    {
        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(CodeActionKind.Refactor, Select("[x = 1]")) { UserInstruction = " use a constant " });

        Assert.Contains("The user adds: use a constant\n", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_holding_fences_gets_a_longer_fence()
    {
        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(CodeActionKind.Document, Select("[s = \"```\"]")));

        Assert.Contains("````python\ns = \"```\"\n````\n", prompt.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(800)]
    public void Surroundings_stay_within_budget(int budget)
    {
        var lines = string.Concat(Enumerable.Range(0, 100).Select(i => $"v{i} = {i}  # 😀\r\n"));
        var selection = Select(lines + "[def f():\r\n    return 1\r\n]" + lines);

        var prompt = new CodeActionPromptBuilder(TestTokenCounters.PerFourChars)
            .Build(new CodeActionPromptRequest(CodeActionKind.Simplify, selection) { BudgetTokens = budget });

        Assert.True(prompt.TokenCount <= budget);
        Assert.Equal(TestTokenCounters.PerFourChars(prompt.Text), prompt.TokenCount);
        Assert.Contains("Code before the selection (do not repeat it):", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("Code after the selection (do not repeat it):", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_selection_bigger_than_the_budget_is_an_error_not_a_partial_prompt()
    {
        var selection = Select("[" + new string('x', 5000) + "]");

        var error = Assert.Throws<PromptTooLargeException>(() => new CodeActionPromptBuilder(TestTokenCounters.PerChar)
            .Build(new CodeActionPromptRequest(CodeActionKind.Refactor, selection) { BudgetTokens = 1000 }));

        Assert.Contains("select less code", error.Message, StringComparison.Ordinal);
    }
}
