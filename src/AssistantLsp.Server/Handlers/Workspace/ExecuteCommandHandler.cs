using AssistantLsp.Protocol.Types;
using AssistantLsp.Server.Dispatch;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Handlers.Workspace;

/// <summary>One command the server runs for `workspace/executeCommand`.</summary>
public interface ICommandRunner
{
    /// <summary>The command's name, e.g. "assistantLsp.completionAccepted".</summary>
    string Name { get; }

    /// <summary>Runs the command; the result goes back to the client as is (null for none).</summary>
    Task<JToken?> RunAsync(IReadOnlyList<JToken> arguments, RequestContext context, CancellationToken cancellationToken);
}

/// <summary>The commands the server serves; features add theirs when the host is built.</summary>
public sealed class CommandRegistry
{
    private readonly Dictionary<string, ICommandRunner> _runners = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <summary>Names of the registered commands (a live view, for the initialize capabilities).</summary>
    public IReadOnlyList<string> Names => _names;

    public CommandRegistry Add(ICommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (!_runners.TryAdd(runner.Name, runner))
        {
            throw new ArgumentException($"The command '{runner.Name}' is registered twice.", nameof(runner));
        }

        _names.Add(runner.Name);
        return this;
    }

    public ICommandRunner? Find(string name) => _runners.GetValueOrDefault(name);
}

/// <summary>`workspace/executeCommand`: runs a registered command; an unknown one is InvalidParams naming it.</summary>
public sealed class ExecuteCommandHandler(CommandRegistry commands) : LspRequestHandler<ExecuteCommandParams, JToken?>
{
    public override string Method => "workspace/executeCommand";

    public override Task<JToken?> HandleAsync(ExecuteCommandParams request, RequestContext context, CancellationToken cancellationToken)
    {
        var runner = commands.Find(request.Command)
            ?? throw LspException.InvalidParams($"Unknown command '{request.Command}'. Known commands: {string.Join(", ", commands.Names)}.");
        return runner.RunAsync(request.Arguments ?? [], context, cancellationToken);
    }
}
