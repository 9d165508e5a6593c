using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Completion;

public class CompletionPostProcessorTests
{
    private static readonly CompletionPostProcessOptions _options = new()
    {
        SpecialTokenTexts = ["<|endoftext|>", "<|fim_middle|>", "<｜end▁of▁sentence｜>", "<CURSOR>"],
    };

    // raw model text, document markup (| = cursor), max lines, expected insert text.
    public static TheoryData<string, string, int, string> Kept => new()
    {
        // Reasoning never reaches the editor.
        { "<think>\nlet me see\n</think>\n\nreturn a + b;", "int Add(int a, int b)\n{\n    |\n}\n", 5, "return a + b;" },
        { "the user wants a sum\n</think>return a + b;", "    |\n", 5, "return a + b;" },
        { "return a;<think>hmm", "    |\n", 5, "return a;" },
        // Special-token text: cut there; a leading one is removed.
        { "x + 1;<|endoftext|>garbage", "var y = |\n", 5, "x + 1;" },
        { "<|fim_middle|>x + 1;", "var y = |\n", 5, "x + 1;" },
        { "x + 1;<|im_start|>user", "var y = |\n", 5, "x + 1;" },
        { "x + 1;<｜end▁of▁sentence｜>", "var y = |\n", 5, "x + 1;" },
        { "x + 1;<CURSOR>;", "var y = |\n", 5, "x + 1;" },
        // Markdown fences.
        { "```csharp\nreturn a + b;\n```\nThis returns the sum.", "    |\n", 5, "return a + b;" },
        { "return a + b;\n```\n", "    |\n", 5, "return a + b;" },
        { "~~~\nx = 1\n~~~", "|\n", 5, "x = 1" },
        // Single line when code follows the cursor on its line.
        { "a, b);\nConsole.WriteLine();", "Call(|);\n", 5, "a, b" },
        { "name  ", "Hello(|)", 5, "name" },
        // Multi-line up to maxLines.
        { "a = 1\nb = 2\nc = 3\nd = 4", "|", 2, "a = 1\nb = 2" },
        { "a = 1\n\nb = 2", "|", 5, "a = 1\n\nb = 2" },
        // The block ends where indentation drops below the cursor's block.
        { "\n        y();\n    }\n    z();\n}\nclass Next {}", "    if (x) {|\n", 10, "\n        y();\n    }" }, // the block it opened, closed
        { "\n        y();\n    }\n    z();", "    if (x) {|\n    }\n", 10, "\n        y();" }, // the closer is already there
        { "\n    a,\n    b\n]\nx = 1", "items = [|", 10, "\n    a,\n    b\n]" },
        { "\n    a()\nb()", "    x = 1|", 10, "\n    a()" }, // not an opener: the cursor line's indentation
        { "x = 1\n    return x\n\ndef other():\n    pass", "def f():\n    |", 10, "x = 1\n    return x" },
        { "    x = 1\n    return x\ndef other():", "def f():\n|", 10, "    x = 1\n    return x" },
        { "\n\n    total = 0\n    return total\nprint(1)", "def f():|", 10, "\n\n    total = 0\n    return total" },
        { "first()\n\tsecond()\nthird()", "\t|", 10, "first()\n\tsecond()" },
        // Trailing whitespace goes, per line.
        { "a = 1   \nb = 2\t\n\n\n", "|", 5, "a = 1\nb = 2" },
        // Overlap with the text after the cursor is cut.
        { "Max(a, b))", "return Math.|);", 5, "Max(a, b)" },
        { "value\";", "var s = \"|\";", 5, "value" },
        { "x++;\n}", "for (;;) {\n    |\n}\n", 5, "x++;" },
        { "x++;\n    log();\n}\nreturn;", "for (;;) {\n    |\n    log();\n}\n", 5, "x++;" },
        // CRLF documents get CRLF suggestions.
        { "a = 1\nb = 2", "x = 0\r\n|\r\n", 5, "a = 1\r\nb = 2" },
        { "a = 1\r\nb = 2\r\n", "x = 0\r\n|", 5, "a = 1\r\nb = 2" },
        // Surrogate pairs around the cursor.
        { "🎉 done\");", "print(\"😀|\");", 5, "🎉 done" },
        { "s = \"😀\"\nt = 1", "😀\n|", 5, "s = \"😀\"\nt = 1" },
    };

    [Theory]
    [MemberData(nameof(Kept))]
    public void Keeps_only_the_code_to_insert(string raw, string markup, int maxLines, string expected)
    {
        var (text, cursor) = Markup.Parse(markup);

        var result = CompletionPostProcessor.Process(raw, text, cursor, maxLines, _options);

        Assert.Null(result.DropReason);
        Assert.Equal(expected, result.InsertText);
        Assert.Equal(cursor, result.ReplaceStartOffset);
    }

    public static TheoryData<string, string, CompletionDropReason> Dropped => new()
    {
        { "", "x = |", CompletionDropReason.Empty },
        { "   \n\t\n", "x = |", CompletionDropReason.Empty },
        { "\nfoo()", "bar(|)", CompletionDropReason.Empty }, // single line mode, first line empty
        { "<think>I should think about this for a long time", "x = |", CompletionDropReason.OnlyReasoning },
        { "reasoning only</think>\n\n", "x = |", CompletionDropReason.OnlyReasoning },
        { "<|endoftext|>", "x = |", CompletionDropReason.Empty },
        { ");", "Call(|);", CompletionDropReason.RepeatsDocument },
        { "return x;\n}", "int F() {\n    |\n    return x;\n}\n", CompletionDropReason.RepeatsDocument },
        { "    log();", "{\r\n|\r\n    log();\r\n}", CompletionDropReason.RepeatsDocument },
    };

    [Theory]
    [MemberData(nameof(Dropped))]
    public void Drops_what_is_not_worth_showing(string raw, string markup, CompletionDropReason reason)
    {
        var (text, cursor) = Markup.Parse(markup);

        var result = CompletionPostProcessor.Process(raw, text, cursor, 5, _options);

        Assert.True(result.IsDropped);
        Assert.Null(result.InsertText);
        Assert.Equal(reason, result.DropReason);
    }

    [Fact]
    public void Markdown_documents_keep_fences()
    {
        var result = CompletionPostProcessor.Process("```js\nx\n```", "# Title\n", "# Title\n".Length, 5, _options with { LanguageId = "markdown" });

        Assert.Equal("```js\nx\n```", result.InsertText);
    }

    // Selected completion item: range start in the markup is '^' (before the typed word).
    [Theory]
    [InlineData("sole.WriteLine();", "^Con|", "Console", "Console.WriteLine();", null)]
        [InlineData("st int x = 1;", "^Con|", "Console", null, CompletionDropReason.SelectedCompletionMismatch)]
    [InlineData("😀b()", "x = ^😀a|", "😀a😀b", "😀a😀b()", null)]
    [InlineData("😀b", "x = ^😀a|", "😀a😀b", null, CompletionDropReason.Empty)] // adds nothing to the item
    public void Selected_completion_item_must_be_extended(string raw, string markup, string selectedText, string? expected, CompletionDropReason? reason)
    {
        var start = markup.IndexOf('^', StringComparison.Ordinal);
        var (text, cursor) = Markup.Parse(markup.Remove(start, 1));

        var result = CompletionPostProcessor.Process(raw, text, cursor, 5, _options, new SelectedCompletion(start, selectedText));

        Assert.Equal(expected, result.InsertText);
        Assert.Equal(reason, result.DropReason);
        if (expected is not null)
        {
            Assert.Equal(start, result.ReplaceStartOffset);
        }
    }

    [Fact]
    public void Options_for_a_chat_prompt_cut_at_the_cursor_marker_and_stop_texts()
    {
        var prompt = new R1CompletionPromptBuilder(TestModels.R1, TestTokenCounters.PerChar)
            .Build(new CompletionPromptRequest("x = ", 4, "python", "a.py"));
        var options = CompletionPostProcessOptions.ForPrompt(prompt, "python");

        var result = CompletionPostProcessor.Process("1 <CURSOR> 2<｜User｜>", "x = ", 4, 5, options);

        Assert.Equal("1", result.InsertText);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100)]
    public void Cursor_outside_the_document_is_rejected(int cursor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompletionPostProcessor.Process("x", "abc", cursor, 5, _options));
    }
}
