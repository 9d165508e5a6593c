using System.CommandLine;
using AssistantLsp.Inference.ModelWriting;

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
        var format = new Option<string>("--format") { Description = "onnx (a GenAI model folder).", DefaultValueFactory = _ => "onnx" };
        format.AcceptOnlyFromAmong("onnx");
        var contextLength = new Option<int?>("--context-length") { Description = "Context length in tokens (default 512; prompts for code actions need more with the tiny tokenizer)." };
        var noFim = new Option<bool>("--no-fim") { Description = "Leave out the FIM tokens (like a real R1-distill tokenizer)." };

        var command = new Command("make-test-model", "Write a tiny, loadable test model (ONNX decoder + tokenizer files).")
        {
            output, kind, script, seed, format, noFim, contextLength,
        };
        command.Validators.Add(result =>
        {
            var scripted = result.GetValue(kind) == "scripted";
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

            var spec = scriptFile is null
                ? TestModelSpec.Random(parse.GetValue(seed))
                : TestModelSpec.Scripted(File.ReadAllText(scriptFile.FullName));
            spec = spec with { WithFimTokens = !parse.GetValue(noFim) };
            if (parse.GetValue(contextLength) is { } length)
            {
                spec = spec with { ContextLength = length };
            }

            try
            {
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
