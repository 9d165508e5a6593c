using AssistantLsp.Features.Context;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Tests.Prompts;

/// <summary>The completion layout for KV reuse: stable start, bounded suffix, context chunks first.</summary>
public class StableCompletionLayoutTests
{
    private const int Budget = 600;
    private const int Suffix = 40;

    private static readonly string _document = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i:000};\n"));

    private static CompletionPrompt Build(string text, int cursor, int? hint, IReadOnlyList<ContextChunk>? chunks = null) =>
        new FimPromptBuilder(TestModels.QwenFim, TestTokenCounters.PerChar).Build(new CompletionPromptRequest(text, cursor, "csharp", "src/a.cs")
        {
            ContextTokens = Budget,
            SuffixMaxTokens = Suffix,
            PrefixStartHint = hint,
            ExtraContext = chunks ?? [],
        });

    private static string BeforeCursor(CompletionPrompt prompt) => prompt.Text[..prompt.Text.IndexOf("<|fim_suffix|>", StringComparison.Ordinal)];

    [Fact]
    public void Typing_keeps_the_prompt_start_and_bounds_the_suffix()
    {
        var cursor = _document.IndexOf("line 150", StringComparison.Ordinal);
        var first = Build(_document, cursor, hint: null);
        var typed = _document.Insert(cursor, "abc");
        var second = Build(typed, cursor + 3, first.PrefixStartOffset);

        Assert.InRange(first.SuffixEndOffset - cursor, 1, Suffix);
        Assert.True(first.TokenCount <= Budget - 100, $"a moved start leaves room to type into ({first.TokenCount} of {Budget})");
        Assert.Equal(first.PrefixStartOffset, second.PrefixStartOffset);
        Assert.StartsWith(BeforeCursor(first), second.Text, StringComparison.Ordinal);
        Assert.EndsWith("abc", BeforeCursor(second), StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_moves_only_in_coarse_steps_and_every_prompt_fits()
    {
        var text = _document;
        var cursor = text.IndexOf("line 150", StringComparison.Ordinal);
        int? hint = null;
        var starts = new HashSet<int>();
        for (var i = 0; i < 400; i++)
        {
            text = text.Insert(cursor, i % 30 == 29 ? "\n" : "x");
            cursor++;
            var prompt = Build(text, cursor, hint);
            Assert.True(prompt.TokenCount <= Budget, $"{prompt.TokenCount} tokens");
            Assert.Equal(prompt.Text.Length, prompt.TokenCount);
            Assert.True(prompt.PrefixStartOffset == 0 || text[prompt.PrefixStartOffset - 1] == '\n');
            starts.Add(prompt.PrefixStartOffset);
            hint = prompt.PrefixStartOffset;
        }

        // ~130 characters of room per step: 400 typed characters move the start a handful of times, not per line.
        Assert.InRange(starts.Count, 2, 6);
    }

    [Fact]
    public void Context_chunks_stay_at_the_front_while_the_prefix_grows()
    {
        var chunks = new[] { new ContextChunk("lib/other.cs", "class Other { }") };
        var text = _document;
        var cursor = text.IndexOf("line 150", StringComparison.Ordinal);
        int? hint = null;
        string? front = null;
        for (var i = 0; i < 200; i++)
        {
            text = text.Insert(cursor, "y");
            cursor++;
            var prompt = Build(text, cursor, hint, chunks);
            Assert.Equal(["lib/other.cs"], prompt.ContextPaths);
            front ??= prompt.Text[..prompt.Text.IndexOf("// Path:", StringComparison.Ordinal)];
            Assert.StartsWith(front, prompt.Text, StringComparison.Ordinal);
            Assert.Contains("class Other", front, StringComparison.Ordinal);
            hint = prompt.PrefixStartOffset;
        }
    }

    [Fact]
    public void A_hint_that_is_not_a_line_start_or_past_the_cursor_is_ignored()
    {
        var cursor = _document.IndexOf("line 150", StringComparison.Ordinal);
        var fresh = Build(_document, cursor, hint: null);

        Assert.Equal(fresh.Text, Build(_document, cursor, hint: cursor + 20).Text);
        Assert.Equal(fresh.Text, Build(_document, cursor, hint: fresh.PrefixStartOffset + 3).Text);
    }
}
