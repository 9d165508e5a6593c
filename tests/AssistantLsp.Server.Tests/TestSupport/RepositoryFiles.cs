namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>Files of the repository the tests run from (docs, scripts, the model catalog).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AssistantLsp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no AssistantLsp.sln above {AppContext.BaseDirectory}");
    }
}
