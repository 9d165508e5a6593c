using System.CommandLine;

namespace AssistantLsp.Server.Cli;

/// <summary>The user's tool verbs beside the server (make-test-model, generate, bench) as they land.</summary>
internal static class ToolVerbs
{
    public static IEnumerable<Command> All() => [];
}
