using Newtonsoft.Json.Linq;

namespace AssistantLsp.Protocol.Types;

public sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public ClientInfo? ClientInfo { get; init; }

    public string? RootUri { get; init; }

    /// <summary>Kept raw: we read the few client capabilities we act on through <see cref="ClientCapabilityReader"/>.</summary>
    public JObject? Capabilities { get; init; }

    public JToken? InitializationOptions { get; init; }

    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }
}

public sealed record ClientInfo(string Name, string? Version);

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record ServerCapabilities
{
    public string PositionEncoding { get; init; } = "utf-16";

    public TextDocumentSyncOptions? TextDocumentSync { get; init; }

    public object? InlineCompletionProvider { get; init; }

    public CompletionOptions? CompletionProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }

    public JObject? Experimental { get; init; }
}

public sealed record TextDocumentSyncOptions
{
    public bool OpenClose { get; init; } = true;

    /// <summary>2 = incremental.</summary>
    public int Change { get; init; } = TextDocumentSyncKind.Incremental;

    public SaveOptions? Save { get; init; }
}

public static class TextDocumentSyncKind
{
    public const int None = 0;
    public const int Full = 1;
    public const int Incremental = 2;
}

public sealed record SaveOptions(bool IncludeText);

public sealed record CompletionOptions(IReadOnlyList<string>? TriggerCharacters = null, bool ResolveProvider = false);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds, bool ResolveProvider);

public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);

/// <summary>Reads the client capabilities we act on, tolerating any shape.</summary>
public static class ClientCapabilityReader
{
    public static bool SupportsConfigurationPull(JObject? capabilities) =>
        capabilities?.SelectToken("workspace.configuration")?.Type == JTokenType.Boolean
        && capabilities.SelectToken("workspace.configuration")!.Value<bool>();

    public static bool SupportsWorkDoneProgress(JObject? capabilities) =>
        capabilities?.SelectToken("window.workDoneProgress")?.Type == JTokenType.Boolean
        && capabilities.SelectToken("window.workDoneProgress")!.Value<bool>();
}
