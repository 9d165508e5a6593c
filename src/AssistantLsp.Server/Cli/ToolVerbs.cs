using System.CommandLine;

namespace AssistantLsp.Server.Cli;

/// <summary>The user's tool verbs beside the server. They print to the real stdout.</summary>
internal static class ToolVerbs
{
    public static IEnumerable<Command> All(TextWriter stdout) =>
    [
        MakeTestModelVerb.Create(stdout),
        GenerateVerb.Create(stdout),
        BenchCompletionVerb.Create(stdout),
    ];
}
