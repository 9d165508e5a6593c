using System.CommandLine;
using AssistantLsp.Server.Hosting;
using Serilog;

namespace AssistantLsp.Server.Cli;

/// <summary>
/// The command line (CONTRACTS.md): the server itself on stdio, plus the user's tool verbs.
/// Bad usage exits with 2 and a message on stderr.
/// </summary>
internal static class ServerCommandLine
{
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter realStdout)
    {
        var root = BuildServerCommand();
        foreach (var verb in ToolVerbs.All(realStdout))
        {
            root.Subcommands.Add(verb);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"assistant-lsp: {error.Message}");
            }

            Console.Error.WriteLine("Run 'assistant-lsp --help' for usage.");
            return UsageError;
        }

        // Help and version are for a person at a terminal: they go to the real stdout.
        return parsed.Invoke(new InvocationConfiguration { Output = realStdout, Error = Console.Error });
    }

    private static RootCommand BuildServerCommand()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Use stdin/stdout (the default; accepted for LSP clients that pass it)." };
        var model = new Option<string?>("--model") { Description = "Model folder, used when the model.path setting is not set." };
        var log = new Option<string?>("--log") { Description = "Log file (default: " + ServerLogging.DefaultLogFile() + ")." };
        var logLevel = new Option<string?>("--log-level") { Description = "verbose | debug | information | warning | error (default information)." };
        logLevel.AddRange(level => ServerLogging.TryParseLevel(level, out _), "--log-level must be one of verbose, debug, information, warning, error.");

        var root = new RootCommand("AssistantLsp: an offline AI coding assistant as a language server (LSP over stdio).")
        {
            stdio, model, log, logLevel,
        };
        root.SetAction(parse =>
        {
            ServerLogging.TryParseLevel(parse.GetValue(logLevel), out var level);
            using var logger = ServerLogging.Create(parse.GetValue(log) ?? ServerLogging.DefaultLogFile(), level);
            return RunServer(new ServerOptions { ModelPath = parse.GetValue(model) }, logger);
        });
        return root;
    }

    private static int RunServer(ServerOptions options, ILogger log)
    {
        log.Information("{Name} {Version} starting (pid {Pid})", ServerIdentity.Name, ServerIdentity.Version, Environment.ProcessId);
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        using var host = new LanguageServerHost(input, output, options, log);
        return host.RunAsync().GetAwaiter().GetResult();
    }
}
