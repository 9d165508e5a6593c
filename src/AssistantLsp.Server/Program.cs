using AssistantLsp.Server.Cli;

namespace AssistantLsp.Server;

internal static class Program
{
    public static int Main(string[] args)
    {
        // stdout belongs to the protocol: anything printed by accident goes to stderr instead.
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        return ServerCommandLine.Run(args, stdout);
    }
}
