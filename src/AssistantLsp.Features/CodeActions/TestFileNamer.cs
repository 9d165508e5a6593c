namespace AssistantLsp.Features.CodeActions;

/// <summary>The sibling file generated tests go to, by each language's usual convention.</summary>
public static class TestFileNamer
{
    /// <param name="fileName">The source file's name (no folder), e.g. "calc.ts".</param>
    public static string For(string fileName, string languageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var extension = Path.GetExtension(fileName);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        if (stem.Length == 0)
        {
            stem = fileName;
            extension = "";
        }

        return (languageId ?? "").ToLowerInvariant() switch
        {
            "python" => $"test_{stem}{extension}",
            "go" => $"{stem}_test{extension}",
            "csharp" or "java" or "kotlin" => $"{char.ToUpperInvariant(stem[0])}{stem[1..]}Tests{extension}",
            "rust" => $"{stem}_tests{extension}",
            "ruby" => $"{stem}_spec{extension}",
            _ => $"{stem}.test{extension}",
        };
    }
}
