using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.CodeActions;

/// <summary>Where generated tests go: a sibling of the document, named by the language's convention, and only inside a workspace folder.</summary>
public static class TestFilePlacement
{
    /// <summary>The test file's uri, or null when the document has no file path.</summary>
    public static string? TestFileUri(TextDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!Uri.TryCreate(document.Uri, UriKind.Absolute, out var source) || !source.IsFile)
        {
            return null;
        }

        var fileName = source.Segments.Length > 0 ? Uri.UnescapeDataString(source.Segments[^1]) : document.Uri;
        var name = TestFileNamer.For(fileName, document.LanguageId);
        return new Uri(source, Uri.EscapeDataString(name)).AbsoluteUri;
    }

    /// <summary>Why no test file may be written for the document (null when it may): never outside the workspace folders.</summary>
    public static string? Refusal(TextDocument document, WorkspacePaths workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return TestFileUri(document) is { } target && workspace.Contains(target)
            ? null
            : "Generated tests are written only inside a workspace folder; this file is outside every open folder.";
    }
}
