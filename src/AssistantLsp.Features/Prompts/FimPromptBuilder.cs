using System.Text;
using AssistantLsp.Features.Context;
using AssistantLsp.Inference.Engine;

namespace AssistantLsp.Features.Prompts;

/// <summary>
/// Fill-in-the-middle prompt for models whose tokenizer has FIM tokens:
/// <c>{prefix token}{context}{header}{before}{suffix token}{after}{middle token}</c>. The token
/// texts come from the model (Qwen2.5-Coder's &lt;|fim_prefix|&gt;…, DeepSeek-Coder's
/// &lt;｜fim▁begin｜&gt;…), so one layout serves both. Extra context and the header (path and
/// language) go in as comments of the document's language at the top of the prefix.
/// </summary>
public sealed class FimPromptBuilder : ICompletionPromptBuilder
{
    private readonly FimTokens _fim;
    private readonly Func<string, int> _countTokens;
    private readonly string[] _stopTexts;

    public FimPromptBuilder(FimTokens fim, Func<string, int> countTokens)
    {
        ArgumentNullException.ThrowIfNull(fim);
        ArgumentNullException.ThrowIfNull(countTokens);
        _fim = fim;
        _countTokens = countTokens;
        _stopTexts = fim.StopTexts.Concat([fim.Prefix, fim.Suffix, fim.Middle])
            .Where(s => !string.IsNullOrEmpty(s))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    public CompletionPromptKind Kind => CompletionPromptKind.Fim;

    public CompletionPrompt Build(CompletionPromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageInfo.For(request.LanguageId);
        var lineBreak = TextLines.DetectLineBreak(request.DocumentText ?? "");
        var header = language.Comment($"Path: {request.RelativePath} ({language.DisplayName})") + lineBreak;

        string Render(string prefix, string suffix, IReadOnlyList<string> chunks) =>
            $"{_fim.Prefix}{string.Concat(chunks)}{header}{prefix}{_fim.Suffix}{suffix}{_fim.Middle}";

        string FormatChunk(ContextChunk chunk)
        {
            var sb = new StringBuilder();
            sb.Append(language.Comment($"Context from {chunk.Path}:")).Append(lineBreak);
            foreach (var line in TextLines.SplitContents(chunk.Text))
            {
                sb.Append(language.Comment(line).TrimEnd()).Append(lineBreak);
            }

            return sb.Append(lineBreak).ToString();
        }

        return CompletionPromptAssembler.Assemble(request, _countTokens, Render, FormatChunk, _stopTexts, Kind);
    }
}
