using System.CommandLine;
using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.Server.Cli;

/// <summary>The options every benchmark on the generated real-shape models takes, spelled once.</summary>
internal static class BenchModelOptions
{
    public static Option<string> Shape()
    {
        var shape = new Option<string>("--shape") { Description = "r1-1.5b, qwen-0.5b or tiny.", DefaultValueFactory = _ => QwenShape.R1Distill1_5B.Name };
        shape.AddRange(s => QwenShape.Find(s) is not null, $"--shape must be one of: {string.Join(", ", QwenShape.Known.Select(k => k.Name))}.");
        return shape;
    }

    public static Option<int> Threads()
    {
        var threads = new Option<int>("--threads") { Description = "CPU threads for both engines.", DefaultValueFactory = _ => Environment.ProcessorCount };
        threads.AddRange(t => t is >= 1 and <= 1024, "--threads must be from 1 to 1024.");
        return threads;
    }

    public static Option<string?> Cache() =>
        new("--cache") { Description = "Folder for the generated models (default: the per-user cache)." };
}
