using System.Text;
using System.Text.Json.Nodes;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Reasoning;
using AssistantLsp.Inference.Remote;

namespace AssistantLsp.Inference.Tests.Remote;

/// <summary>The pieces under the remote engine: SSE framing, the id codec, reading back R1 prompts, the dialect translator.</summary>
public sealed class RemoteProtocolTests
{
    private static readonly SpecialTokens R1 = new(null, [], "<｜User｜>", "<｜Assistant｜>", "<think>", "</think>", null, null);

    private static async Task<List<string>> EventsAsync(string wire, TimeSpan? idle = null)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(wire));
        var events = new List<string>();
        await foreach (var e in ServerSentEventReader.ReadAsync(body, idle ?? TimeSpan.FromSeconds(5), "http://x/v1/", CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public async Task Sse_reader_joins_data_lines_skips_comments_and_fields_and_stops_at_done()
    {
        var events = await EventsAsync(": keep-alive\n\ndata: {\"a\":1}\n\nevent: x\nid: 3\ndata:{\"b\":\ndata: 2}\r\n\r\ndata: [DONE]\n\ndata: {\"late\":1}\n\n");

        Assert.Equal(["{\"a\":1}", "{\"b\":\n2}"], events);
    }

    [Fact]
    public async Task Sse_reader_ends_with_the_stream_and_keeps_a_last_unterminated_event()
    {
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], await EventsAsync("data: {\"a\":1}\n\ndata: {\"b\":2}"));
        Assert.Empty(await EventsAsync(string.Empty));
    }

    [Fact]
    public void Codec_round_trips_any_text_and_interns_streamed_pieces()
    {
        var codec = new RemoteTextCodec();
        const string Text = "café ☕ 😀 <｜User｜>\r\n\0end";
        Assert.Equal(Text, codec.Decode(RemoteTextCodec.Encode(Text)));

        var piece = codec.PieceId(" hello")!.Value;
        Assert.True(piece >= RemoteTextCodec.FirstPieceId);
        Assert.Equal(piece, codec.PieceId(" hello"));
        Assert.Equal('x', codec.PieceId("x"));
        Assert.Equal("ab hello😀", codec.Decode([.. RemoteTextCodec.Encode("ab"), piece, .. RemoteTextCodec.Encode("😀")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.Decode([RemoteTextCodec.FirstPieceId + 999]));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.Decode([-1]));
    }

    [Fact]
    public void Prompt_shape_reads_back_what_the_r1_builder_renders()
    {
        var think = R1PromptBuilder.Build(null, R1, "Explain <b>this</b>\n", R1ThinkingMode.Think).Text;
        var skip = R1PromptBuilder.Build(null, R1, "Complete", R1ThinkingMode.SkipThinking).Text;

        Assert.Equal(new R1PromptShape("Explain <b>this</b>\n", string.Empty, false), R1PromptShape.TryRead(think, R1));
        Assert.Equal(new R1PromptShape("Complete", "\n</think>\n\n", true), R1PromptShape.TryRead(skip, R1));
        Assert.Equal(new R1PromptShape("Q", "so far\n</think>\n\n", true), R1PromptShape.TryRead(think.Replace("Explain <b>this</b>\n", "Q", StringComparison.Ordinal) + "so far\n</think>\n\n", R1));
        Assert.Equal(new R1PromptShape("C", "\n</think>\n\n", true), R1PromptShape.TryRead("<｜begin▁of▁sentence｜>" + skip.Replace("Complete", "C", StringComparison.Ordinal), R1));
        Assert.Null(R1PromptShape.TryRead("<|fim_prefix|>def f():<|fim_suffix|><|fim_middle|>", R1));
        Assert.Null(R1PromptShape.TryRead("<｜User｜>a<｜Assistant｜>b<｜User｜>c<｜Assistant｜><think>\n", R1)); // two turns
        Assert.Null(R1PromptShape.TryRead("<｜User｜>a<｜Assistant｜>no think", R1));
    }

    private static JsonObject Delta(string field, string text) =>
        new() { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { [field] = text } }) };

    private static string Run(RemoteStreamTranslator translator, params JsonObject[] chunks) =>
        string.Join("|", chunks.SelectMany(translator.Translate));

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    public void Split_reasoning_gets_the_closing_tag_before_the_first_content(string field)
    {
        var translator = new RemoteStreamTranslator(RemoteOutputStart.Reasoning, "<think>", "</think>");

        var text = Run(translator, Delta(field, "Let"), Delta(field, " me."), Delta("content", "\n\nAnswer"), Delta("content", "."));

        Assert.Equal("Let| me.|</think>|\n\nAnswer|.", text);
    }

    [Fact]
    public void Tags_in_content_pass_through_without_a_repeated_opening_tag()
    {
        var translator = new RemoteStreamTranslator(RemoteOutputStart.Reasoning, "<think>", "</think>");

        Assert.Equal("\nHm.|</think>|\n\nYes", Run(translator, Delta("content", "\n"), Delta("content", "<think>\nHm."), Delta("content", "</think>"), Delta("content", "\n\nYes")));
    }

    [Fact]
    public void Usage_and_finish_reason_are_read_and_usage_only_chunks_add_no_text()
    {
        var translator = new RemoteStreamTranslator(RemoteOutputStart.Raw, "<think>", "</think>");
        var text = Run(
            translator,
            new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = "x = 1", ["finish_reason"] = "length" }) },
            JsonNode.Parse("{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}")!.AsObject());

        Assert.Equal("x = 1", text);
        Assert.Equal("length", translator.FinishReason);
        Assert.Equal(12, translator.PromptTokens);
        Assert.Equal(3, translator.CompletionTokens);
    }

    [Theory]
    [InlineData("http://gpu-box:8000/v1", true, "http://gpu-box:8000/")]
    [InlineData("https://r1.example.com/v1/", true, "https://r1.example.com/")]
    [InlineData("http://localhost:11434/v1", true, "http://localhost:11434/")]
    [InlineData("http://user:pw@gpu-box/v1", false, null)]
    [InlineData("http://gpu-box/v1?key=abc", false, null)]
    [InlineData("ftp://gpu-box/v1", false, null)]
    [InlineData("gpu-box:8000", false, null)]
    public void Base_urls_are_checked_and_the_server_root_found(string text, bool ok, string? root)
    {
        Assert.Equal(ok, RemoteEndpoint.TryParseBaseUrl(text, out var url, out var problem));
        if (ok)
        {
            Assert.EndsWith("/", url!.AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal(root, new RemoteEndpoint(url, null, RemoteEndpoint.DefaultApiKeyVariable).ServerRoot.AbsoluteUri);
        }
        else
        {
            Assert.NotNull(problem);
        }
    }
}
