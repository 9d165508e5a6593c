using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.Tests.Documents;

public class WorkspacePathsTests
{
    [Theory]
    [InlineData("file:///home/u/proj/src/Calc.cs", "src/Calc.cs")]
    [InlineData("file:///home/u/proj/src/sub/inner/A.py", "inner/A.py")] // the innermost root wins
    [InlineData("file:///home/u/proj/src/sub/B.py", "B.py")]
    [InlineData("file:///elsewhere/C.cs", "C.cs")] // outside every folder: the file name only
    [InlineData("file:///home/u/proj/My%20File.cs", "My File.cs")]
    [InlineData("untitled:Untitled-1", "Untitled-1")]
    [InlineData("not a uri", "not a uri")]
    public void Names_documents_relative_to_their_workspace_folder(string uri, string expected)
    {
        var paths = new WorkspacePaths();
        paths.SetRoots(["file:///home/u/proj", "file:///home/u/proj/src/sub/", null, "https://example.invalid/x"]);
        Assert.Equal(expected, paths.RelativePath(uri));
    }

    [Fact]
    public void Without_roots_the_file_name_is_used()
    {
        Assert.Equal("Calc.cs", new WorkspacePaths().RelativePath("file:///home/u/proj/src/Calc.cs"));
    }
}
