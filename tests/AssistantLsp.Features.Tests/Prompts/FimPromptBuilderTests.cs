using AssistantLsp.Features.Context;
using AssistantLsp.Features.Prompts;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Tests.Prompts;

public class FimPromptBuilderTests
{
    public static TheoryData<FimTokens, string, string> Layouts => new()
    {
        {
            TestModels.QwenFim,
            "int a = 1;\nint b = |;\n",
            "<|fim_prefix|>// Path: src/a.cs (C#)\nint a = 1;\nint b = <|fim_suffix|>;\n<|fim_middle|>"
        },
        {
            TestModels.DeepSeekFim,
            "int a = 1;\nint b = |;\n",
            "<｜fim▁begin｜>// Path: src/a.cs (C#)\nint a = 1;\nint b = <｜fim▁hole｜>;\n<｜fim▁end｜>"
        },
        {
            TestModels.QwenFim,
            "x = 1\r\ny = |\r\n",
            "<|fim_prefix|>// Path: src/a.cs (C#)\r\nx = 1\r\ny = <|fim_suffix|>\r\n<|fim_middle|>"
        },
        {
            TestModels.QwenFim,
            "s = \"😀|😀\"",
            "<|fim_prefix|>// Path: src/a.cs (C#)\ns = \"😀<|fim_suffix|>😀\"<|fim_middle|>"
        },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Lays_out_prefix_suffix_and_middle_with_the_models_tokens(FimTokens fim, string markup, string expected)
    {
        var (text, cursor) = Markup.Parse(markup);
        var builder = new FimPromptBuilder(fim, TestTokenCounters.PerChar);

        var prompt = builder.Build(new CompletionPromptRequest(text, cursor, "csharp", "src/a.cs"));

        Assert.Equal(expected, prompt.Text);
        Assert.Equal(CompletionPromptKind.Fim, prompt.Kind);
        Assert.Equal(0, prompt.PrefixStartOffset);
        Assert.Equal(text.Length, prompt.SuffixEndOffset);
    }

    [Theory]
    [InlineData("python", "# Path: app/main.py (Python)")]
    [InlineData("html", "<!-- Path: app/main.py (HTML) -->")]
    [InlineData("weird-lang", "// Path: app/main.py (weird-lang)")]
    public void Header_is_a_comment_in_the_documents_language(string languageId, string header)
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);

        var prompt = builder.Build(new CompletionPromptRequest("x", 1, languageId, "app/main.py"));

        Assert.StartsWith("<|fim_prefix|>" + header + "\n", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_texts_hold_the_models_stop_texts_and_the_fim_tokens()
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);

        var prompt = builder.Build(new CompletionPromptRequest("", 0, "csharp", "a.cs"));

        Assert.Equal(
            ["<|endoftext|>", "<|im_end|>", "<|file_sep|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"],
            prompt.StopTexts);
    }

    public static TheoryData<int, string> Budgets()
    {
        var data = new TheoryData<int, string>();
        foreach (var budget in new[] { 40, 60, 100, 250, 1000 })
        {
            data.Add(budget, nameof(TestTokenCounters.PerFourChars));
            data.Add(budget, nameof(TestTokenCounters.PerWord));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Never_exceeds_the_budget_and_keeps_the_lines_around_the_cursor(int budget, string counterName)
    {
        Func<string, int> count = counterName == nameof(TestTokenCounters.PerWord) ? TestTokenCounters.PerWord : TestTokenCounters.PerFourChars;
        var lines = Enumerable.Range(0, 200).Select(i => $"    var value{i} = Compute({i}, \"😀\");").ToList();
        var before = string.Join("\n", lines.Take(100)) + "\n    var cursorLine = ";
        var after = ";\n" + string.Join("\n", lines.Skip(100));
        var text = before + after;
        var builder = new FimPromptBuilder(TestModels.QwenFim, count);
        var chunks = new[] { new ContextChunk("lib/other.cs", "class Other { }"), new ContextChunk("lib/big.cs", string.Join("\n", lines)) };

        var prompt = builder.Build(new CompletionPromptRequest(text, before.Length, "csharp", "src/a.cs") { ContextTokens = budget, ExtraContext = chunks });

        Assert.Equal(count(prompt.Text), prompt.TokenCount);
        Assert.True(prompt.TokenCount <= budget, $"{prompt.TokenCount} > {budget}");
        if (prompt.PrefixStartOffset > 0)
        {
            // Less than one line's worth of the budget is left unused.
            Assert.True(prompt.TokenCount > budget - 12, $"only {prompt.TokenCount} of {budget} used");
        }

        Assert.Contains("    var cursorLine = <|fim_suffix|>;", prompt.Text, StringComparison.Ordinal);
        // Whole lines only: the kept prefix starts at a line start.
        Assert.True(prompt.PrefixStartOffset == 0 || text[prompt.PrefixStartOffset - 1] == '\n');
        Assert.True(prompt.SuffixEndOffset == text.Length || text[prompt.SuffixEndOffset - 1] == '\n');
        // The prefix gets about three times the suffix's share when both sides are longer than the budget.
        var prefixTokens = count(text[prompt.PrefixStartOffset..before.Length]);
        var suffixTokens = count(text[before.Length..prompt.SuffixEndOffset]);
        if (prompt.PrefixStartOffset > 0 && prompt.SuffixEndOffset < text.Length)
        {
            Assert.True(prefixTokens >= 2 * suffixTokens, $"prefix {prefixTokens} suffix {suffixTokens}");
        }
        else
        {
            // One side ran out of document: the other got its unused share.
            Assert.True(prefixTokens + suffixTokens > (budget - 60) * 3 / 4, $"prefix {prefixTokens} suffix {suffixTokens}");
        }
    }

    [Fact]
    public void Extra_context_fills_the_budget_left_most_recent_first_and_skips_the_current_file()
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);
        var chunks = new[]
        {
            new ContextChunk("src/a.cs", "same file"),
            new ContextChunk("lib/one.cs", "class One {}"),
            new ContextChunk("lib/huge.cs", new string('x', 500)),
            new ContextChunk("lib/two.cs", "class Two {}"),
        };

        var prompt = builder.Build(new CompletionPromptRequest("int x = |;".Replace("|", "", StringComparison.Ordinal), 8, "csharp", "src/a.cs")
        {
            ContextTokens = 200,
            ExtraContext = chunks,
        });

        Assert.Equal(["lib/one.cs", "lib/two.cs"], prompt.ContextPaths);
        Assert.StartsWith(
            "<|fim_prefix|>// Context from lib/one.cs:\n// class One {}\n\n// Context from lib/two.cs:\n// class Two {}\n\n// Path: src/a.cs (C#)\nint x = ",
            prompt.Text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("same file", prompt.Text, StringComparison.Ordinal);
        Assert.True(prompt.TokenCount <= 200);
    }

    [Fact]
    public void Budget_smaller_than_the_fixed_part_is_a_clear_error()
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);

        var error = Assert.Throws<PromptTooLargeException>(() =>
            builder.Build(new CompletionPromptRequest("abc", 1, "csharp", "a.cs") { ContextTokens = 10 }));

        Assert.Contains("fixed part", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", -1)]
    [InlineData("abc", 4)]
    public void Cursor_outside_the_document_is_rejected(string text, int cursor)
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(new CompletionPromptRequest(text, cursor, "csharp", "a.cs")));
    }

    [Fact]
    public void Cursor_inside_a_surrogate_pair_is_rejected()
    {
        var builder = new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar);

        var error = Assert.Throws<ArgumentException>(() => builder.Build(new CompletionPromptRequest("a😀b", 2, "csharp", "a.cs")));

        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }
}
