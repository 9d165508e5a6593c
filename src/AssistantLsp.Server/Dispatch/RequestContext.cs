using AssistantLsp.Features.Documents;
using AssistantLsp.Server.Settings;

namespace AssistantLsp.Server.Dispatch;

/// <summary>What a handler may read: the documents and settings as they were when its message arrived.</summary>
public sealed record RequestContext(WorkspaceSnapshot Documents, AssistantSettings Settings)
{
    /// <summary>Workspace folders, for naming documents in prompts.</summary>
    public WorkspacePaths Workspace { get; init; } = new();

    /// <summary>The documents as they are now (readers run after later messages may have been applied).</summary>
    public Func<WorkspaceSnapshot>? Latest { get; init; }

    /// <summary>
    /// True when the document changed or closed after this snapshot was taken: a handler that starts
    /// watching for edits only once it runs checks this first, so an edit in between is not missed.
    /// </summary>
    public bool ChangedSinceSnapshot(string uri) =>
        Latest is { } latest && !ReferenceEquals(latest().TryGet(uri), Documents.TryGet(uri));
}
