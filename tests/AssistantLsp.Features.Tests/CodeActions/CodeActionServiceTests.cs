using AssistantLsp.Features.CodeActions;

namespace AssistantLsp.Features.Tests.CodeActions;

public class CodeActionServiceTests
{
    [Theory]
    [InlineData("```python\nx = 1\n```", "x = 1", null)]
    [InlineData("no code", null, "no fenced code block")]
    [InlineData("```python\nx = 1\n", null, "not closed")]
    [InlineData("```python\nx = 1\n```\n```python\nx = 2\n```", null, "2 code blocks")]
    public void Reads_exactly_one_complete_block(string answer, string? code, string? failure)
    {
        var read = CodeActionService.ReadSingleBlock(answer, "python", out var why);

        Assert.Equal(code, read);
        if (failure is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(failure, why, StringComparison.Ordinal);
        }
    }
}
