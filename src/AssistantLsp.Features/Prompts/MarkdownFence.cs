namespace AssistantLsp.Features.Prompts;

/// <summary>Fences code for a prompt so that backticks inside the code cannot close the fence early.</summary>
internal static class MarkdownFence
{
    /// <summary>A run of backticks longer than any run in <paramref name="content"/>, at least three.</summary>
    public static string For(string content)
    {
        int longest = 0, run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
    }

    /// <summary>The content in a fence tagged with <paramref name="tag"/>, ending with a line break.</summary>
    public static string Wrap(string content, string tag)
    {
        var fence = For(content);
        var body = content.EndsWith('\n') || content.EndsWith('\r') ? content : content + "\n";
        return $"{fence}{tag}\n{body}{fence}\n";
    }
}
