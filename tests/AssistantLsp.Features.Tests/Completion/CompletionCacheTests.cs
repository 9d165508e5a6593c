using AssistantLsp.Features.Completion;

namespace AssistantLsp.Features.Tests.Completion;

public class CompletionCacheTests
{
    private const string Uri = "file:///src/a.cs";

    [Fact]
    public void Returns_the_suggestion_stored_for_the_same_place()
    {
        var cache = new CompletionCache();
        var (text, cursor) = Markup.Parse("var x = |;\n");

        cache.Put(Uri, text, cursor, "Compute()");

        Assert.Equal(new CachedCompletion("Compute()", 0), cache.Get(Uri, text, cursor));
    }

    [Theory]
    [InlineData("var x = |;\n", "file:///src/b.cs")] // other document
    [InlineData("var y = |;\n", Uri)] // other prefix
    [InlineData("var x = |);\n", Uri)] // other suffix
    public void Misses_when_document_prefix_or_suffix_differ(string markup, string uri)
    {
        var cache = new CompletionCache();
        var (stored, storedCursor) = Markup.Parse("var x = |;\n");
        cache.Put(Uri, stored, storedCursor, "Compute()");
        var (text, cursor) = Markup.Parse(markup);

        Assert.Null(cache.Get(uri, text, cursor));
    }

    // Stored at "var x = |;" with "Compute(a😀, b)"; then the user types.
    [Theory]
    [InlineData("var x = C|;\n", "ompute(a😀, b)", 1)]
    [InlineData("var x = Compute(|;\n", "a😀, b)", 8)]
    [InlineData("var x = Compute(a😀|;\n", ", b)", 11)] // the emoji is two code units
    [InlineData("var x = Compute(a😀, b|;\n", ")", 14)]
    [InlineData("var x = Compute(a😀, b)|;\n", null, 0)] // typed all of it: nothing left
    [InlineData("var x = Cx|;\n", null, 0)] // typed something else
    [InlineData("var x = \nC|;\n", null, 0)] // typed a line break: another line
    public void Type_ahead_serves_the_rest_of_a_suggestion(string markup, string? expected, int typed)
    {
        var cache = new CompletionCache();
        var (stored, storedCursor) = Markup.Parse("var x = |;\n");
        cache.Put(Uri, stored, storedCursor, "Compute(a😀, b)");
        var (text, cursor) = Markup.Parse(markup);

        var hit = cache.Get(Uri, text, cursor);

        Assert.Equal(expected is null ? null : new CachedCompletion(expected, typed), hit);
    }

    [Fact]
    public void Type_ahead_stops_after_fifty_characters()
    {
        var cache = new CompletionCache();
        var suggestion = new string('a', 80);
        cache.Put(Uri, "x", 1, suggestion);

        Assert.Equal(new CachedCompletion(new string('a', 30), 50), cache.Get(Uri, "x" + new string('a', 50), 51));
        Assert.Null(cache.Get(Uri, "x" + new string('a', 51), 52));
    }

    [Fact]
    public void Type_ahead_works_in_crlf_documents()
    {
        var cache = new CompletionCache();
        var (stored, storedCursor) = Markup.Parse("a\r\nb = |\r\nc\r\n");
        cache.Put(Uri, stored, storedCursor, "1 + 2");
        var (text, cursor) = Markup.Parse("a\r\nb = 1 |\r\nc\r\n");

        Assert.Equal(new CachedCompletion("+ 2", 2), cache.Get(Uri, text, cursor));
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(300, false)]
    [InlineData(301, false)]
    public void Entries_expire_after_their_time_to_live(int seconds, bool hit)
    {
        var time = new ManualTime();
        var cache = new CompletionCache(timeToLive: TimeSpan.FromMinutes(5), time: time);
        cache.Put(Uri, "x = ", 4, "1");

        time.Advance(TimeSpan.FromSeconds(seconds));

        Assert.Equal(hit, cache.Get(Uri, "x = ", 4) is not null);
    }

    [Fact]
    public void Evicts_the_least_recently_used_entry_beyond_capacity()
    {
        var cache = new CompletionCache(capacity: 2);
        cache.Put(Uri, "a", 1, "1");
        cache.Put(Uri, "b", 1, "2");
        Assert.NotNull(cache.Get(Uri, "a", 1)); // a is now the most recent

        cache.Put(Uri, "c", 1, "3");

        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.Get(Uri, "a", 1));
        Assert.Null(cache.Get(Uri, "b", 1));
        Assert.NotNull(cache.Get(Uri, "c", 1));
    }

    [Fact]
    public void Storing_again_replaces_the_suggestion()
    {
        var cache = new CompletionCache();
        cache.Put(Uri, "a", 1, "1");

        cache.Put(Uri, "a", 1, "2");

        Assert.Equal(1, cache.Count);
        Assert.Equal("2", cache.Get(Uri, "a", 1)?.Text);
    }

    [Fact]
    public void Key_covers_only_the_configured_stretch_around_the_cursor()
    {
        var cache = new CompletionCache(prefixChars: 4, suffixChars: 2);
        cache.Put(Uri, "AAAA1234|56BB".Replace("|", "", StringComparison.Ordinal), 8, "x");

        Assert.NotNull(cache.Get(Uri, "ZZ1234|56CC".Replace("|", "", StringComparison.Ordinal), 6));
        Assert.Null(cache.Get(Uri, "ZZ1239|56CC".Replace("|", "", StringComparison.Ordinal), 6));
    }

    [Fact]
    public void Clear_forgets_everything()
    {
        var cache = new CompletionCache();
        cache.Put(Uri, "a", 1, "1");

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Null(cache.Get(Uri, "a", 1));
    }
}
