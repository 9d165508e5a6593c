using System.Collections.Immutable;

namespace AssistantLsp.Features.Documents;

/// <summary>
/// The open documents. Mutations come from text sync alone and are serialized by the server's
/// queue; readers take a <see cref="WorkspaceSnapshot"/> that later edits never change.
/// </summary>
public sealed class DocumentStore
{
    private ImmutableDictionary<string, TextDocument> _documents = ImmutableDictionary<string, TextDocument>.Empty;

    public WorkspaceSnapshot Snapshot() => new(Volatile.Read(ref _documents));

    public void Open(TextDocument document) =>
        ImmutableInterlocked.Update(ref _documents, d => d.SetItem(document.Uri, document));

    /// <summary>Applies changes to an open document; false (nothing changed) when it is not open.</summary>
    public bool TryChange(string uri, int version, IReadOnlyList<DocumentChange> changes, out TextDocument? updated)
    {
        updated = null;
        if (!_documents.TryGetValue(uri, out var current))
        {
            return false;
        }

        updated = current.WithChanges(changes, version);
        var result = updated;
        ImmutableInterlocked.Update(ref _documents, d => d.SetItem(uri, result));
        return true;
    }

    public bool Close(string uri)
    {
        var removed = false;
        ImmutableInterlocked.Update(ref _documents, d =>
        {
            removed = d.ContainsKey(uri);
            return d.Remove(uri);
        });
        return removed;
    }
}

/// <summary>The open documents as they were at one moment.</summary>
public sealed class WorkspaceSnapshot(ImmutableDictionary<string, TextDocument> documents)
{
    public static WorkspaceSnapshot Empty { get; } = new(ImmutableDictionary<string, TextDocument>.Empty);

    public IEnumerable<TextDocument> Documents => documents.Values;

    public TextDocument? TryGet(string uri) => documents.TryGetValue(uri, out var d) ? d : null;
}
