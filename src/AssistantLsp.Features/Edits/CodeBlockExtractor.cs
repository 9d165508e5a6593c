using AssistantLsp.Features.Completion;
using AssistantLsp.Features.Prompts;

namespace AssistantLsp.Features.Edits;

/// <summary>The code taken from a model's answer, or why there is none.</summary>
/// <param name="Code">The block's code, lines joined with \n, without the fence lines; null on failure.</param>
/// <param name="FenceTag">The block's info string ("csharp"), empty when untagged.</param>
/// <param name="Failure">A sentence for the user when no code could be taken.</param>
public sealed record CodeBlockExtraction(string? Code, string? FenceTag, string? Failure)
{
    public bool Succeeded => Code is not null;

    internal static CodeBlockExtraction Failed(string reason) => new(null, null, reason);
}

/// <summary>
/// Takes the code out of an untrusted markdown answer. Reasoning (&lt;think&gt; blocks, or reasoning
/// up to a lone &lt;/think&gt;) is removed first. One fenced block gives its code. With several, the
/// first block tagged with the document's language wins, else the first untagged block, else the
/// first block: the prompts ask for exactly one block, and a model that adds more usually adds
/// examples or shell commands after the answer. No block, or a block never closed (the answer
/// was cut off), is a failure: a half answer must not be applied.
/// </summary>
public static class CodeBlockExtractor
{
    public static CodeBlockExtraction Extract(
        string answer,
        string? languageId,
        string thinkStart = R1ChatFormat.DefaultThinkStart,
        string thinkEnd = R1ChatFormat.DefaultThinkEnd)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = ModelOutputText.StripReasoning(answer, thinkStart, thinkEnd, out var onlyReasoning);
        if (onlyReasoning)
        {
            return CodeBlockExtraction.Failed("The model produced only reasoning and no answer; its token budget may have run out.");
        }

        var blocks = new List<Block>();
        Block? open = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (open is null)
            {
                if (TryOpenFence(line, out var fence))
                {
                    open = fence;
                }

                continue;
            }

            if (open.IsClosedBy(line))
            {
                blocks.Add(open with { Closed = true });
                open = null;
                continue;
            }

            open.Lines.Add(open.Indent.Length > 0 && line.StartsWith(open.Indent, StringComparison.Ordinal) ? line[open.Indent.Length..] : line);
        }

        if (open is not null)
        {
            return CodeBlockExtraction.Failed("The answer's code block is not closed; the answer was probably cut off.");
        }

        if (blocks.Count == 0)
        {
            return CodeBlockExtraction.Failed("The answer has no fenced code block to apply.");
        }

        var language = LanguageInfo.For(languageId);
        var chosen = blocks.FirstOrDefault(b => language.MatchesFenceTag(b.Tag))
            ?? blocks.FirstOrDefault(b => b.Tag.Length == 0)
            ?? blocks[0];
        return new CodeBlockExtraction(string.Join('\n', chosen.Lines), chosen.Tag, null);
    }

    private static bool TryOpenFence(string line, out Block block)
    {
        block = null!;
        var indentLength = line.Length - line.TrimStart(' ', '\t').Length;
        var rest = line[indentLength..];
        if (rest.Length < 3 || (rest[0] != '`' && rest[0] != '~'))
        {
            return false;
        }

        var run = 0;
        while (run < rest.Length && rest[run] == rest[0])
        {
            run++;
        }

        var info = rest[run..].Trim();
        if (run < 3 || (rest[0] == '`' && info.Contains('`', StringComparison.Ordinal)))
        {
            return false;
        }

        block = new Block(rest[0], run, line[..indentLength], info, [], false);
        return true;
    }

    private sealed record Block(char FenceChar, int FenceLength, string Indent, string Tag, List<string> Lines, bool Closed)
    {
        public bool IsClosedBy(string line)
        {
            var t = line.Trim();
            return t.Length >= FenceLength && t.All(c => c == FenceChar);
        }
    }
}
