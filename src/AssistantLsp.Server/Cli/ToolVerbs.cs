using System.CommandLine;

namespace AssistantLsp.Server.Cli;

/// <summary>The user's tool verbs beside the server. They print to the real stdout.</summary>
internal static class ToolVerbs
{
    public static IEnumerable<Command> All(TextWriter stdout) =>
    [
        MakeTestModelVerb.Create(stdout),
        GenerateVerb.Create(stdout),
        Bench(stdout),
    ];

    /// <summary>`bench completion`, `bench engines` and `bench fuzz` under one `bench` command.</summary>
    private static Command Bench(TextWriter stdout)
    {
        var bench = BenchCompletionVerb.Create(stdout);
        bench.Subcommands.Add(BenchEnginesVerb.Create(stdout));
        bench.Subcommands.Add(BenchSpeculativeVerb.Create(stdout));
        bench.Subcommands.Add(BenchFuzzVerb.Create(stdout));
        return bench;
    }
}
