using AssistantLsp.Features.Documents;

namespace AssistantLsp.Features.Tests.Documents;

public class DocumentStoreTests
{
    [Fact]
    public void Snapshot_taken_before_a_change_keeps_the_old_text()
    {
        var store = new DocumentStore();
        store.Open(new TextDocument("file:///a", "txt", 1, "one"));
        var before = store.Snapshot();
        Assert.True(store.TryChange("file:///a", 2, [new DocumentChange(null, "two")], out var updated));
        Assert.Equal("one", before.TryGet("file:///a")!.Text);
        Assert.Equal("two", store.Snapshot().TryGet("file:///a")!.Text);
        Assert.Equal(2, updated!.Version);
    }

    [Fact]
    public void Change_for_an_unopened_document_changes_nothing()
    {
        var store = new DocumentStore();
        Assert.False(store.TryChange("file:///missing", 2, [new DocumentChange(null, "x")], out _));
        Assert.Null(store.Snapshot().TryGet("file:///missing"));
    }

    [Fact]
    public void Close_removes_the_document()
    {
        var store = new DocumentStore();
        store.Open(new TextDocument("file:///a", "txt", 1, "one"));
        Assert.True(store.Close("file:///a"));
        Assert.False(store.Close("file:///a"));
        Assert.Empty(store.Snapshot().Documents);
    }
}
