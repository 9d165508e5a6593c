using System.CommandLine;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Server.Models;

namespace AssistantLsp.Server.Cli;

/// <summary>`generate`: a user's one-line smoke test of a model, through the same engine the server uses.</summary>
internal static class GenerateVerb
{
    public static Command Create(TextWriter stdout)
    {
        var model = new Option<string>("--model") { Description = "Model folder.", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "The user's message (or, with --raw, the exact prompt).", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Tokenize the prompt exactly as given (special-token text recognized), no template; print the output as is." };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most new tokens (answer tokens in chat mode).", DefaultValueFactory = _ => 256 };
        maxTokens.AddRange(n => n >= 1, "--max-tokens must be at least 1.");
        var temperature = new Option<float?>("--temperature") { Description = "Sample at this temperature (default: greedy)." };
        temperature.AddRange(t => t is null || (t >= 0 && t <= 2), "--temperature must be from 0 to 2.");
        var provider = new Option<string>("--execution-provider") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        provider.AcceptOnlyFromAmong("cpu", "cuda");

        var command = new Command("generate", "Run a model once from the command line (smoke test).")
        {
            model, prompt, raw, maxTokens, temperature, provider,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var engine = EngineFactory.Load(parse.GetValue(model)!, parse.GetValue(provider)!, cancellationToken);
                var temp = parse.GetValue(temperature) ?? 0f;
                return parse.GetValue(raw)
                    ? await RunRawAsync(engine, parse.GetValue(prompt)!, parse.GetValue(maxTokens), temp, stdout, cancellationToken)
                    : await RunChatAsync(engine, parse.GetValue(prompt)!, parse.GetValue(maxTokens), temp, stdout, cancellationToken);
            }
            catch (ModelLoadException ex)
            {
                Console.Error.WriteLine($"assistant-lsp: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunRawAsync(IInferenceEngine engine, string prompt, int maxTokens, float temperature, TextWriter stdout, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest(engine.Encode(prompt), new GenerationOptions { MaxNewTokens = maxTokens, Temperature = temperature });
        var result = await engine.GenerateAsync(request, null, cancellationToken);
        stdout.Write(result.Text);
        stdout.Flush();
        Console.Error.WriteLine();
        Console.Error.WriteLine(Describe(result.Stats));
        return 0;
    }

    private static async Task<int> RunChatAsync(IInferenceEngine engine, string prompt, int maxTokens, float temperature, TextWriter stdout, CancellationToken cancellationToken)
    {
        var options = new ReasoningOptions { Temperature = temperature, TopP = temperature > 0 ? 0.95f : 1f, MaxAnswerTokens = maxTokens };
        ThinkSegmentKind? current = null;
        var result = await EngineReasoningRun.RunAsync(
            engine,
            new ReasoningRequest(prompt, options),
            segment =>
            {
                if (segment.Kind != current)
                {
                    current = segment.Kind;
                    stdout.Write(segment.Kind == ThinkSegmentKind.Reasoning ? "## Reasoning\n" : "\n\n## Answer\n");
                }

                stdout.Write(segment.Text);
                stdout.Flush();
            },
            cancellationToken);
        if (current is null || (current == ThinkSegmentKind.Reasoning && result.Answer.Length == 0))
        {
            stdout.Write(current is null ? "## Reasoning\n\n\n## Answer\n" : "\n\n## Answer\n");
        }

        stdout.WriteLine();
        var s = result.Stats;
        Console.Error.WriteLine($"prompt {s.PromptTokens} tokens, reasoning {s.ReasoningTokens}, answer {s.AnswerTokens}, first token {s.TimeToFirstToken.TotalMilliseconds:F0} ms, {s.TokensPerSecond:F1} tok/s");
        return 0;
    }

    private static string Describe(GenerationStats s) =>
        $"prompt {s.PromptTokens} tokens ({s.ReusedPromptTokens} reused), generated {s.GeneratedTokens}, first token {s.TimeToFirstToken.TotalMilliseconds:F0} ms, {s.DecodeTokensPerSecond:F1} tok/s";
}
