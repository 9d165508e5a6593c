using System.Diagnostics;

namespace AssistantLsp.TestSupport;

/// <summary>
/// The one temp folder of a test run: every model, log and scratch file the tests write goes under
/// it, and it is removed when the test process exits. Folders of earlier runs whose process is gone
/// (a crashed or killed run) are removed when the next run starts.
/// </summary>
public static class TestTemp
{
    private const string RunPrefix = "run-";

    /// <summary>This run's folder: $TMP/assistant-lsp-tests/run-{pid}-{id}.</summary>
    public static string Root { get; } = CreateRoot();

    private static string CreateRoot()
    {
        var parent = Path.Combine(Path.GetTempPath(), "assistant-lsp-tests");
        Directory.CreateDirectory(parent);
        RemoveAbandonedRuns(parent);
        var root = Path.Combine(parent, $"{RunPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static void RemoveAbandonedRuns(string parent)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, RunPrefix + "*"))
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', RunPrefix.Length);
            if (dash > 0 && int.TryParse(name.AsSpan(RunPrefix.Length, dash - RunPrefix.Length), out var pid) && !IsRunning(pid))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a server a test left running): the next run removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
