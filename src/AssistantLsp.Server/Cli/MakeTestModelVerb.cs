using System.CommandLine;
using AssistantLsp.ModelWriting;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.Server.Cli;

/// <summary>`make-test-model`: writes a tiny, loadable model (real ONNX + tokenizer files) for tests and demos.</summary>
internal static class MakeTestModelVerb
{
    public static Command Create(TextWriter stdout)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the model into.", Required = true };
        var kind = new Option<string>("--kind") { Description = "random (tiny random-weight transformer) or scripted (emits --script's text).", DefaultValueFactory = _ => "random" };
        kind.AcceptOnlyFromAmong("random", "scripted");
        var script = new Option<FileInfo?>("--script") { Description = "Text file the scripted model emits after any prompt." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "onnx (a GenAI model folder) or gguf (a folder holding one .gguf file).", DefaultValueFactory = _ => "onnx" };
        format.AcceptOnlyFromAmong("onnx", "gguf");
        var contextLength = new Option<int?>("--context-length") { Description = "Context length in tokens (default 512; prompts for code actions need more with the tiny tokenizer)." };
        contextLength.AddRange(n => n is null or (>= 16 and <= 65536), "--context-length must be from 16 to 65536.");
        var noFim = new Option<bool>("--no-fim") { Description = "Leave out the FIM tokens (like a real R1-distill tokenizer)." };

        var command = new Command("make-test-model", "Write a tiny, loadable test model (ONNX decoder + tokenizer files, or one GGUF file).")
        {
            output, kind, script, seed, format, noFim, contextLength,
        };
        command.Validators.Add(result =>
        {
            // Read the raw token: GetValue throws when --kind itself is invalid (reported by its own check).
            var scripted = result.GetResult(kind)?.Tokens.FirstOrDefault()?.Value == "scripted";
            if (scripted && result.GetValue(script) is null)
            {
                result.AddError("--kind scripted needs --script FILE.");
            }
            else if (!scripted && result.GetResult(script) is not null)
            {
                result.AddError("--script is only for --kind scripted.");
            }
        });
        command.SetAction(parse =>
        {
            var scriptFile = parse.GetValue(script);
            if (scriptFile is not null && !scriptFile.Exists)
            {
                Console.Error.WriteLine($"assistant-lsp: script file not found: {scriptFile.FullName}");
                return ServerCommandLine.UsageError;
            }

            var scriptText = scriptFile is null ? null : File.ReadAllText(scriptFile.FullName);
            var withFim = !parse.GetValue(noFim);
            try
            {
                if (parse.GetValue(format) == "gguf")
                {
                    var gguf = scriptText is null ? GgufTestModelSpec.Random(parse.GetValue(seed)) : GgufTestModelSpec.Scripted(scriptText);
                    gguf = gguf with { WithFimTokens = withFim, ContextLength = parse.GetValue(contextLength) ?? gguf.ContextLength };
                    var file = GgufTestModelWriter.Write(gguf, parse.GetValue(output)!);
                    stdout.WriteLine($"Wrote a {gguf.Kind.ToString().ToLowerInvariant()} GGUF test model to {file}.");
                    return 0;
                }

                var spec = scriptText is null ? TestModelSpec.Random(parse.GetValue(seed)) : TestModelSpec.Scripted(scriptText);
                spec = spec with { WithFimTokens = withFim, ContextLength = parse.GetValue(contextLength) ?? spec.ContextLength };
                var written = TestModelWriter.Write(spec, parse.GetValue(output)!);
                stdout.WriteLine($"Wrote a {written.Kind.ToString().ToLowerInvariant()} test model to {written.Directory} (vocab {written.VocabSize}, context {written.ContextLength}).");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"assistant-lsp: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
