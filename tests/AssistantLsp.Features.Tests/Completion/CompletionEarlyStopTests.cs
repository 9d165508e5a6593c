using AssistantLsp.Features.Completion;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Tests.Completion;

/// <summary>
/// Stopping early must never change what reaches the editor: post-processing the text up to the
/// stop gives exactly what post-processing the whole output gives.
/// </summary>
public class CompletionEarlyStopTests
{
    // Cursor marked with |. Single-line when code follows the cursor on its line.
    public static TheoryData<string, string, int> Cases => new()
    {
        { "def f(x):\n    |\n", "return x + 1\nprint(f(2))\nmore\n", 8 },
        { "def f(x):\n    |\n", "return x + 1\nprint(f(2))\nmore\n", 1 },
        { "def f(x):\n    |\n", "if x:\n        return 1\n    return 2\n\ndef g():\n    pass\n", 2 },
        { "total = |)\n", "a + b\nnext line", 8 },
        { "total = |)\n", "a + b)", 8 },
        { "let x = |;\r\n", "compute(1)\r\nmore();\r\n", 8 },
        { "fn main() {\n    |\n}\n", "```rust\nlet a = 1;\nlet b = 2;\n```\n", 1 },
        { "fn main() {\n    |\n}\n", "```rust\nlet a = 1;\nlet b = 2;\n```\n", 8 },
        { "class A:\n    |\n", "\n\n    x = 1\n", 2 },
        { "x = |\n", "😀 = 1\nnext", 8 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_up_to_the_stop_processes_to_the_same_suggestion(string markedDocument, string output, int maxLines)
    {
        var cursor = markedDocument.IndexOf('|', StringComparison.Ordinal);
        var document = markedDocument.Remove(cursor, 1);
        var options = new CompletionPostProcessOptions { LanguageId = "python" };

        foreach (var chunk in new[] { 1, 2, 5 })
        {
            var stop = CompletionEarlyStop.For(document, cursor, maxLines);
            var seen = "";
            for (var i = 0; i < output.Length; i += chunk)
            {
                var piece = output.Substring(i, Math.Min(chunk, output.Length - i));
                seen += piece;
                if (stop.OnToken(new GeneratedToken(0, piece, false)) == TokenDecision.Stop)
                {
                    break;
                }
            }

            var whole = CompletionPostProcessor.Process(output, document, cursor, maxLines, options);
            var early = CompletionPostProcessor.Process(seen, document, cursor, maxLines, options);
            Assert.Equal(whole.InsertText, early.InsertText);
            Assert.Equal(whole.DropReason, early.DropReason);
        }
    }

    [Theory]
    [InlineData("a = |b\n", 8, "x\ny\n", 2)] // single line: stops at the first break
    [InlineData("a = |\n", 2, "x\ny\nz\nw\n", 4)] // two lines: stops once the second line ended
    [InlineData("a = |\n", 2, "```\nx\ny\nz\n", 8)] // a fence line does not count
    public void Stops_as_soon_as_no_more_text_can_be_used(string markedDocument, int maxLines, string output, int expectedChars)
    {
        var cursor = markedDocument.IndexOf('|', StringComparison.Ordinal);
        var stop = CompletionEarlyStop.For(markedDocument.Remove(cursor, 1), cursor, maxLines);
        var consumed = 0;
        foreach (var c in output)
        {
            consumed++;
            if (stop.OnToken(new GeneratedToken(0, c.ToString(), false)) == TokenDecision.Stop)
            {
                break;
            }
        }

        Assert.Equal(expectedChars, consumed);
    }
}
