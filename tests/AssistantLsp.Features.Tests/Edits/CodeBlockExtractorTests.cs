using AssistantLsp.Features.Edits;

namespace AssistantLsp.Features.Tests.Edits;

public class CodeBlockExtractorTests
{
    // answer, document language, expected code
    public static TheoryData<string, string, string> Extracted => new()
    {
        { "Here is the fix:\n```csharp\nreturn a + b;\n```\nThis adds.", "csharp", "return a + b;" },
        { "```\nx = 1\ny = 2\n```", "python", "x = 1\ny = 2" },
        { "~~~python\nx = 1\n~~~", "python", "x = 1" },
        { "```\r\nline1\r\nline2\r\n```\r\n", "csharp", "line1\nline2" },
        { "````md\n```js\ninner\n```\n````", "markdown", "```js\ninner\n```" }, // a longer fence holds a shorter one
        { "1. Do this:\n   ```cs\n   var x = 1;\n     nested();\n   ```", "csharp", "var x = 1;\n  nested();" }, // indented fence
        { "<think>\nmaybe ```wrong```\n```cs\nbad\n```\n</think>\n```cs\ngood();\n```", "csharp", "good();" },
        { "I think this is it.\n</think>\n\n```cs\ngood();\n```", "csharp", "good();" },
        { "```python\nprint(1)\n```\nRun it with:\n```bash\npython x.py\n```", "python", "print(1)" },
        { "```bash\ndotnet test\n```\n```cs\nAssert.True(x);\n```", "csharp", "Assert.True(x);" }, // document's language wins
        { "```bash\nmake\n```\n```\nplain();\n```", "csharp", "plain();" }, // else untagged
        { "```js\nfirst();\n```\n```ts\nsecond();\n```", "csharp", "first();" }, // else first
        { "```cs\nfirst();\n```\n```csharp\nsecond();\n```", "csharp", "first();" }, // first of the document's language
        { "```ts\nlet s = '😀';\n```", "typescriptreact", "let s = '😀';" },
        { "```cs\n```", "csharp", "" },
    };

    [Theory]
    [MemberData(nameof(Extracted))]
    public void Takes_the_code_of_the_chosen_block(string answer, string languageId, string expected)
    {
        var result = CodeBlockExtractor.Extract(answer, languageId);

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(expected, result.Code);
        Assert.Null(result.Failure);
    }

    [Theory]
    [InlineData("Just change the loop bound.", "no fenced code block")]
    [InlineData("```cs\nvar x = 1;\nvar y", "not closed")]
    [InlineData("```cs\nok();\n```\n```cs\ncut", "not closed")]
    [InlineData("<think>\nStill thinking about it", "only reasoning")]
    [InlineData("lots of reasoning\n</think>\n", "only reasoning")]
    [InlineData("Use `x` here, not ``y``.", "no fenced code block")]
    [InlineData("", "no fenced code block")]
    public void Fails_with_a_reason(string answer, string reasonFragment)
    {
        var result = CodeBlockExtractor.Extract(answer, "csharp");

        Assert.False(result.Succeeded);
        Assert.Null(result.Code);
        Assert.Contains(reasonFragment, result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_blocks_fence_tag()
    {
        Assert.Equal("python", CodeBlockExtractor.Extract("```python\nx\n```", "python").FenceTag);
        Assert.Equal("", CodeBlockExtractor.Extract("```\nx\n```", "python").FenceTag);
    }
}
