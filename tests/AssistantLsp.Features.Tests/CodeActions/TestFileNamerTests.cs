using AssistantLsp.Features.CodeActions;

namespace AssistantLsp.Features.Tests.CodeActions;

public class TestFileNamerTests
{
    [Theory]
    [InlineData("calc.py", "python", "test_calc.py")]
    [InlineData("calc.go", "go", "calc_test.go")]
    [InlineData("calc.cs", "csharp", "CalcTests.cs")]
    [InlineData("calc.ts", "typescript", "calc.test.ts")]
    [InlineData("lib.rs", "rust", "lib_tests.rs")]
    [InlineData("Makefile", "makefile", "Makefile.test")]
    public void Names_the_sibling_test_file_by_convention(string source, string languageId, string expected) =>
        Assert.Equal(expected, TestFileNamer.For(source, languageId));
}
