using System.Text;
using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Inference.Tests.Reasoning;

public sealed class ThinkStreamParserTests
{
    private const ThinkStreamStart R = ThinkStreamStart.Reasoning;
    private const ThinkStreamStart A = ThinkStreamStart.Answer;

    // (output as the model wrote it, where output starts, expected reasoning, expected answer)
    public static TheoryData<string, ThinkStreamStart, string, string> Cases => new()
    {
        { "Okay, the user asks.\n</think>\n\nUse a loop.", R, "Okay, the user asks.", "Use a loop." },
        { "<think>\nHmm.\n</think>\n\nDone.", R, "Hmm.", "Done." },
        { " \n<think>\nHmm.</think>Done.", R, "Hmm.", "Done." },
        { "Step 1\n\nStep 2\n</think>\n\nA", R, "Step 1\n\nStep 2", "A" },
        { "Thinking without end", R, "Thinking without end", "" },
        { "Thinking without end\n\n", R, "Thinking without end", "" },
        { "Reason.</think>\n\nAnswer.<｜end▁of▁sentence｜>", R, "Reason.", "Answer." },
        { "Reason.</think>\n\n    return x;\n", R, "Reason.", "    return x;\n" },
        { "Reason.</think> Answer", R, "Reason.", "Answer" },
        { "Reason.</think>", R, "Reason.", "" },
        { "</think>Answer", R, "", "Answer" },
        { "a<｜User｜>b</think>c<|endoftext|>d<｜Assistant｜>", R, "ab", "cd" },
        { "<|fim_prefix|>x<|fim_suffix|>y<|fim_middle|>z</think>w<|im_end|>", R, "xyz", "w" },
        { "x < y and a</b", R, "x < y and a</b", "" },
        { "Reason </thi", R, "Reason </thi", "" },
        { "Reason.</think>Answer </think>more", R, "Reason.", "Answer more" },
        { "Ünïcödé 😀</think>\n\n😀 ok", R, "Ünïcödé 😀", "😀 ok" },
        { "    return x;", A, "", "    return x;" },
        { "<think>\nhm\n</think>\n\nHi", A, "hm", "Hi" },
        { "  \n<think>hm</think>Hi", A, "hm", "Hi" },
        { "Hi<|fim_pad|> there", A, "", "Hi there" },
        { "  \n", A, "", "" },
        { "if (a <b) {}", A, "", "if (a <b) {}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_the_whole_output_in_one_piece(string output, ThinkStreamStart start, string reasoning, string answer) =>
        AssertParsed([output], start, reasoning, answer);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_the_same_at_every_split_point(string output, ThinkStreamStart start, string reasoning, string answer)
    {
        for (var split = 1; split < output.Length; split++)
        {
            AssertParsed([output[..split], output[split..]], start, reasoning, answer);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses_the_same_one_character_at_a_time(string output, ThinkStreamStart start, string reasoning, string answer) =>
        AssertParsed(output.Select(c => c.ToString()).ToArray(), start, reasoning, answer);

    [Fact]
    public void Every_two_cuts_inside_the_closing_tag_still_close_the_reasoning()
    {
        const string Tag = "</think>";
        for (var first = 0; first <= Tag.Length; first++)
        {
            for (var second = first; second <= Tag.Length; second++)
            {
                var chunks = new[] { "Why" + Tag[..first], Tag[first..second], Tag[second..] + "\n\nBecause" };
                AssertParsed(chunks, R, "Why", "Because");
            }
        }
    }

    [Fact]
    public void Streams_text_as_soon_as_it_cannot_be_part_of_a_marker()
    {
        var parser = new ThinkStreamParser(R);

        Assert.Equal([new ThinkSegment(ThinkSegmentKind.Reasoning, "Hel")], parser.Push("Hel"));
        Assert.Equal([new ThinkSegment(ThinkSegmentKind.Reasoning, "lo")], parser.Push("lo <")); // " <" could start a tag
        Assert.Equal([new ThinkSegment(ThinkSegmentKind.Reasoning, " <b")], parser.Push("b"));
        Assert.Empty(parser.Push("</th"));
        Assert.Equal(ThinkSegmentKind.Reasoning, parser.CurrentKind);
        Assert.Empty(parser.Push("ink>\n\n"));
        Assert.Equal(ThinkSegmentKind.Answer, parser.CurrentKind);
        Assert.True(parser.ReasoningClosed);
        Assert.Equal([new ThinkSegment(ThinkSegmentKind.Answer, "Yes")], parser.Push("Yes"));
        Assert.Equal([new ThinkSegment(ThinkSegmentKind.Answer, " \n")], parser.Push(" \n")); // answer whitespace is not held
        Assert.Empty(parser.Complete());
    }

    [Fact]
    public void Returns_both_kinds_in_order_when_one_push_crosses_the_tag()
    {
        var parser = new ThinkStreamParser(R);

        var segments = parser.Push("so.</think>\n\nAnswer");

        Assert.Equal(
            [new ThinkSegment(ThinkSegmentKind.Reasoning, "so."), new ThinkSegment(ThinkSegmentKind.Answer, "Answer")],
            segments);
    }

    [Fact]
    public void Ending_the_reasoning_from_outside_flushes_held_text_and_switches_to_answer()
    {
        var parser = new ThinkStreamParser(R);
        var seen = new List<ThinkSegment>();
        seen.AddRange(parser.Push("Still going </thi"));

        seen.AddRange(parser.EndReasoning());
        seen.AddRange(parser.Push("\n\nFinal."));
        seen.AddRange(parser.Complete());

        Assert.True(parser.ReasoningClosed);
        Assert.Equal(("Still going </thi", "Final."), Join(seen));
    }

    [Fact]
    public void Ending_the_reasoning_in_the_answer_changes_nothing()
    {
        var parser = new ThinkStreamParser(A);
        var seen = new List<ThinkSegment>(parser.Push("code <"));

        seen.AddRange(parser.EndReasoning());
        seen.AddRange(parser.Push("T>"));
        seen.AddRange(parser.Complete());

        Assert.False(parser.ReasoningClosed);
        Assert.Equal(("", "code <T>"), Join(seen));
    }

    [Fact]
    public void Strips_the_models_own_special_texts_and_honours_custom_tags()
    {
        var parser = new ThinkStreamParser(R, ["<eos_custom>"], "<reason>", "</reason>");
        var seen = new List<ThinkSegment>();
        foreach (var chunk in new[] { "<reason>Plan</rea", "son>Go<eos_c", "ustom>" })
        {
            seen.AddRange(parser.Push(chunk));
        }

        seen.AddRange(parser.Complete());

        Assert.Equal(("Plan", "Go"), Join(seen));
    }

    [Fact]
    public void Refuses_text_after_completion()
    {
        var parser = new ThinkStreamParser(R);
        parser.Complete();

        Assert.Throws<InvalidOperationException>(() => parser.Push("late"));
    }

    private static void AssertParsed(IReadOnlyList<string> chunks, ThinkStreamStart start, string reasoning, string answer)
    {
        var parser = new ThinkStreamParser(start);
        var segments = new List<ThinkSegment>();
        foreach (var chunk in chunks)
        {
            segments.AddRange(parser.Push(chunk));
        }

        segments.AddRange(parser.Complete());
        var context = string.Join(" | ", chunks.Select(c => c.Replace("\n", "\\n", StringComparison.Ordinal)));
        Assert.True((reasoning, answer) == Join(segments), $"chunks [{context}] gave {Join(segments)}");
        Assert.All(segments, s => Assert.NotEqual("", s.Text));

        // Order: the kinds change only where the output changes kind (no interleaving artefacts).
        var kinds = Merge(segments).Select(s => s.Kind).ToArray();
        var expectedKinds = ExpectedKinds(reasoning, answer);
        Assert.True(expectedKinds.SequenceEqual(kinds), $"chunks [{context}] gave kinds {string.Join(",", kinds)}");
    }

    // None of the cases has answer text before a think block, so reasoning (if any) comes first.
    private static ThinkSegmentKind[] ExpectedKinds(string reasoning, string answer)
    {
        var kinds = new List<ThinkSegmentKind>();
        if (reasoning.Length > 0)
        {
            kinds.Add(ThinkSegmentKind.Reasoning);
        }

        if (answer.Length > 0)
        {
            kinds.Add(ThinkSegmentKind.Answer);
        }

        return [.. kinds];
    }

    private static List<ThinkSegment> Merge(List<ThinkSegment> segments)
    {
        var merged = new List<ThinkSegment>();
        foreach (var segment in segments)
        {
            if (merged.Count > 0 && merged[^1].Kind == segment.Kind)
            {
                merged[^1] = segment with { Text = merged[^1].Text + segment.Text };
            }
            else
            {
                merged.Add(segment);
            }
        }

        return merged;
    }

    private static (string Reasoning, string Answer) Join(IEnumerable<ThinkSegment> segments)
    {
        var reasoning = new StringBuilder();
        var answer = new StringBuilder();
        foreach (var segment in segments)
        {
            (segment.Kind == ThinkSegmentKind.Reasoning ? reasoning : answer).Append(segment.Text);
        }

        return (reasoning.ToString(), answer.ToString());
    }
}
