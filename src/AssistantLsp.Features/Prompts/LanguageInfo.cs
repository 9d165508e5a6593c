namespace AssistantLsp.Features.Prompts;

/// <summary>
/// What prompts and answer parsing need to know about a language, looked up by the editor's
/// language id (VS Code ids such as "csharp", "typescriptreact").
/// </summary>
/// <param name="Id">The editor's language id, lower case.</param>
/// <param name="DisplayName">Name used in instructions ("C#").</param>
/// <param name="FenceTag">Info string for markdown fences ("csharp").</param>
/// <param name="CommentStart">Line comment start ("//"), or a block comment start when <paramref name="CommentEnd"/> is set.</param>
/// <param name="CommentEnd">Block comment end for languages without line comments, else empty.</param>
/// <param name="Aliases">Other fence tags that mean this language ("cs", "c#").</param>
public sealed record LanguageInfo(
    string Id,
    string DisplayName,
    string FenceTag,
    string CommentStart,
    string CommentEnd,
    IReadOnlyList<string> Aliases)
{
    private static readonly Dictionary<string, LanguageInfo> _known = BuildTable();

    /// <summary>Info for <paramref name="languageId"/>; unknown ids get their own id as name and tag, and // comments.</summary>
    public static LanguageInfo For(string? languageId)
    {
        var id = string.IsNullOrWhiteSpace(languageId) ? "plaintext" : languageId.Trim().ToLowerInvariant();
        return _known.TryGetValue(id, out var info) ? info : new LanguageInfo(id, id, id, "//", "", []);
    }

    /// <summary>Wraps one line of text as a comment in this language.</summary>
    public string Comment(string line) =>
        CommentEnd.Length == 0 ? $"{CommentStart} {line}" : $"{CommentStart} {line} {CommentEnd}";

    /// <summary>Whether a markdown fence info string (e.g. "cs" or "csharp title=x") names this language.</summary>
    public bool MatchesFenceTag(string infoString)
    {
        var tag = infoString.Trim().Split(' ', 2)[0].Trim('{', '}', '.').ToLowerInvariant();
        if (tag.Length == 0)
        {
            return false;
        }

        return tag == Id || tag == FenceTag || Aliases.Contains(tag);
    }

    private static Dictionary<string, LanguageInfo> BuildTable()
    {
        LanguageInfo[] table =
        [
            new("csharp", "C#", "csharp", "//", "", ["cs", "c#"]),
            new("fsharp", "F#", "fsharp", "//", "", ["fs", "f#"]),
            new("vb", "Visual Basic", "vb", "'", "", ["vbnet"]),
            new("c", "C", "c", "//", "", ["h"]),
            new("cpp", "C++", "cpp", "//", "", ["c++", "cc", "cxx", "hpp"]),
            new("java", "Java", "java", "//", "", []),
            new("kotlin", "Kotlin", "kotlin", "//", "", ["kt", "kts"]),
            new("scala", "Scala", "scala", "//", "", []),
            new("go", "Go", "go", "//", "", ["golang"]),
            new("rust", "Rust", "rust", "//", "", ["rs"]),
            new("swift", "Swift", "swift", "//", "", []),
            new("dart", "Dart", "dart", "//", "", []),
            new("javascript", "JavaScript", "javascript", "//", "", ["js", "mjs", "cjs", "node"]),
            new("javascriptreact", "JavaScript (JSX)", "jsx", "//", "", ["javascript", "js"]),
            new("typescript", "TypeScript", "typescript", "//", "", ["ts"]),
            new("typescriptreact", "TypeScript (TSX)", "tsx", "//", "", ["typescript", "ts"]),
            new("php", "PHP", "php", "//", "", []),
            new("python", "Python", "python", "#", "", ["py", "python3"]),
            new("ruby", "Ruby", "ruby", "#", "", ["rb"]),
            new("perl", "Perl", "perl", "#", "", ["pl"]),
            new("r", "R", "r", "#", "", []),
            new("shellscript", "Shell", "bash", "#", "", ["sh", "shell", "zsh", "shellscript"]),
            new("powershell", "PowerShell", "powershell", "#", "", ["ps1", "pwsh"]),
            new("yaml", "YAML", "yaml", "#", "", ["yml"]),
            new("toml", "TOML", "toml", "#", "", []),
            new("dockerfile", "Dockerfile", "dockerfile", "#", "", ["docker"]),
            new("makefile", "Makefile", "makefile", "#", "", ["make"]),
            new("sql", "SQL", "sql", "--", "", []),
            new("lua", "Lua", "lua", "--", "", []),
            new("haskell", "Haskell", "haskell", "--", "", ["hs"]),
            new("clojure", "Clojure", "clojure", ";;", "", ["clj"]),
            new("html", "HTML", "html", "<!--", "-->", ["htm"]),
            new("xml", "XML", "xml", "<!--", "-->", ["csproj", "xaml"]),
            new("markdown", "Markdown", "markdown", "<!--", "-->", ["md"]),
            new("css", "CSS", "css", "/*", "*/", []),
            new("scss", "SCSS", "scss", "//", "", []),
            new("json", "JSON", "json", "//", "", []),
            new("jsonc", "JSON with comments", "jsonc", "//", "", ["json"]),
            new("plaintext", "plain text", "text", "#", "", ["txt", "plaintext"]),
        ];
        return table.ToDictionary(l => l.Id, StringComparer.Ordinal);
    }
}
