using AssistantLsp.Features.Documents;
using AssistantLsp.Features.Settings;

namespace AssistantLsp.Server.Dispatch;

/// <summary>What a handler may read: the documents and settings as they were when its message arrived.</summary>
public sealed record RequestContext(WorkspaceSnapshot Documents, AssistantSettings Settings)
{
    /// <summary>Workspace folders, for naming documents in prompts.</summary>
    public WorkspacePaths Workspace { get; init; } = new();
}
