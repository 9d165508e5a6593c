using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.Reasoning;

namespace AssistantLsp.Inference.Remote;

/// <summary>
/// Reads back a prompt that <see cref="R1PromptBuilder"/> rendered in the R1 format
/// (<c>[bos]&lt;｜User｜&gt;message&lt;｜Assistant｜&gt;&lt;think&gt;\n…</c>) as a chat turn, so the
/// remote engine can send it to <c>/v1/chat/completions</c> and let the server apply the served
/// model's own template. <see cref="AssistantPrefix"/> is what follows the opening think tag the
/// prompt ends in: empty for a fresh reasoning turn, else the reasoning so far (or nothing) and the
/// forced closing tag, which the server is asked to continue.
/// </summary>
internal sealed record R1PromptShape(string UserMessage, string AssistantPrefix, bool AnswerOnly)
{
    public static R1PromptShape? TryRead(string prompt, SpecialTokens tokens)
    {
        var user = tokens.User ?? KnownTokenTexts.User;
        var assistant = tokens.Assistant ?? KnownTokenTexts.Assistant;
        var thinkOpen = R1PromptBuilder.ThinkStart(tokens) + "\n";
        var rest = prompt;
        // The server adds its own begin-of-sentence; prompt builders may have written R1's.
        foreach (var bos in new[] { tokens.BeginOfSentence, KnownTokenTexts.BeginOfSentence })
        {
            if (!string.IsNullOrEmpty(bos) && rest.StartsWith(bos, StringComparison.Ordinal))
            {
                rest = rest[bos.Length..];
                break;
            }
        }

        if (!rest.StartsWith(user, StringComparison.Ordinal))
        {
            return null;
        }

        // One user turn only: a second tag means a shape this reader does not claim to understand.
        int assistantAt = rest.IndexOf(assistant, user.Length, StringComparison.Ordinal);
        if (assistantAt < 0 || rest.IndexOf(user, user.Length, StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        var message = rest[user.Length..assistantAt];
        var reply = rest[(assistantAt + assistant.Length)..];
        if (!reply.StartsWith(thinkOpen, StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = reply[thinkOpen.Length..];
        return new R1PromptShape(message, prefix, prefix.Contains(R1PromptBuilder.ThinkEnd(tokens), StringComparison.Ordinal));
    }
}
