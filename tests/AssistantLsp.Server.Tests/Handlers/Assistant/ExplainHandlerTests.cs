using AssistantLsp.Protocol;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace AssistantLsp.Server.Tests.Handlers.Assistant;

/// <summary>`assistant/explain` over LSP with real generated models that answer a known script.</summary>
public class ExplainHandlerTests
{
    private const string Uri = "file:///workspace/calc.py";
    private const string Code = "def add(a, b):\n    return a + b\n";

    private static object Explain(string token, string? question = null) => new
    {
        textDocument = new { uri = Uri },
        range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
        question,
        partialResultToken = token,
    };

    private static List<(string Kind, string Text)> Streamed(LspTestClient client, string token) =>
        [.. client.Progress.Where(p => (string?)p.Token == token).Select(p => ((string)p.Value["kind"]!, (string)p.Value["text"]!))];

    /// <summary>
    /// The client may see the response before it has handled the last notifications sent ahead of
    /// it (they are dispatched apart), so wait until the stream adds up to the result.
    /// </summary>
    private static async Task<List<(string Kind, string Text)>> StreamedInFullAsync(LspTestClient client, string token, JObject result)
    {
        var expected = (string?)result["reasoning"] + (string?)result["answer"];
        await client.WaitUntilAsync(() => string.Concat(Streamed(client, token).Select(s => s.Text)).Length >= expected.Length, "every streamed segment");
        return Streamed(client, token);
    }

    [Fact]
    public async Task Streams_reasoning_then_answer_on_the_token_and_returns_both_with_stats()
    {
        await using var client = await ReadyServer.StartAsync(
            TestModels.WriteScripted("<think>\nIt adds two numbers.\n</think>\n\nReturns a plus b."), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, Code, "python");

        var result = await client.RequestAsync<JObject>("assistant/explain", Explain("t1", "what does it return?"));

        var streamed = await StreamedInFullAsync(client, "t1", result);
        Assert.NotEmpty(streamed);
        var kinds = string.Join(",", streamed.Select(s => s.Kind));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(kinds, "^(reasoning,)+answer(,answer)*$"), string.Join("|", streamed));
        var reasoning = string.Concat(streamed.Where(s => s.Kind == "reasoning").Select(s => s.Text));
        var answer = string.Concat(streamed.Where(s => s.Kind == "answer").Select(s => s.Text));
        Assert.Equal("It adds two numbers.", reasoning.Trim());
        Assert.Equal("Returns a plus b.", answer.Trim());
        Assert.Equal(reasoning, (string?)result["reasoning"]);
        Assert.Equal(answer, (string?)result["answer"]);
        Assert.True((int)result["stats"]!["promptTokens"]! > 0);
        Assert.True((int)result["stats"]!["reasoningTokens"]! > 0);
        Assert.True((int)result["stats"]!["answerTokens"]! > 0);
        Assert.Equal(JTokenType.Float, result["stats"]!["tokensPerSecond"]!.Type);
        var status = await client.RequestAsync<JObject>("assistant/status", null);
        Assert.Contains("generatedTokens", status.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Work_done_token_reports_begin_the_phases_and_end()
    {
        await using var client = await ReadyServer.StartAsync(
            TestModels.WriteScripted("<think>\nIt adds.\n</think>\n\nSum."), new { reasoning = new { temperature = 0 } });
        await client.OpenAsync(Uri, Code, "python");

        await client.RequestAsync<JObject>("assistant/explain", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 1, character = 16 } },
            workDoneToken = "w1",
        });

        await client.WaitUntilAsync(() => client.Progress.Any(p => (string?)p.Token == "w1" && (string?)p.Value["kind"] == "end"), "work done end");
        var reports = client.Progress.Where(p => (string?)p.Token == "w1").Select(p => $"{p.Value["kind"]}:{p.Value["message"]}").ToList();
        Assert.Equal(["begin:Waiting for the model…", "report:Thinking…", "report:Answering…", "end:Done"], reports);
        // No partial result token: nothing but work-done progress was streamed.
        Assert.All(client.Progress, p => Assert.Equal("w1", (string?)p.Token));
    }

    [Fact]
    public async Task A_small_thinking_budget_forces_the_answer_after_a_closed_think_block()
    {
        var longThought = string.Join(' ', Enumerable.Repeat("thinking more", 40));
        await using var client = await ReadyServer.StartAsync(
            ReadyServer.LongScripted($"<think>\n{longThought}\n</think>\n\nDone.", 2048),
            new { reasoning = new { temperature = 0, maxThinkingTokens = 5 } });
        await client.OpenAsync(Uri, Code, "python");

        var result = await client.RequestAsync<JObject>("assistant/explain", Explain("t2"));

        // The scripted model replays its whole script after the forced close, so the figures
        // count the replay too; what matters is that an answer follows the forced close.
        Assert.Equal("Done.", ((string?)result["answer"])!.Trim());
        Assert.True((int)result["stats"]!["answerTokens"]! > 0);
        var streamed = await StreamedInFullAsync(client, "t2", result);
        var kinds = string.Join(",", streamed.Select(s => s.Kind));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(kinds, "^(reasoning,)*answer(,answer)*$"), string.Join("|", streamed) + "\n" + result);
    }

    [Fact]
    public async Task Cancelling_mid_stream_answers_request_cancelled_and_the_server_stays_usable()
    {
        // Distinct numbers: the test tokenizer's merges cannot fold them into a few long tokens.
        var longThought = string.Join(' ', Enumerable.Range(0, 3000).Select(i => (i * 7919 % 100003).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var client = await ReadyServer.StartAsync(
            ReadyServer.LongScripted($"<think>\n{longThought}\n</think>\n\nDone.", 16384), new { reasoning = new { maxThinkingTokens = 15000 } });
        await client.OpenAsync(Uri, Code, "python");

        using var cts = new CancellationTokenSource();
        var call = client.Rpc.InvokeWithParameterObjectAsync<JObject>("assistant/explain", Explain("t3"), cts.Token);
        await client.WaitUntilAsync(() => !client.Progress.IsEmpty, "the first streamed segment");
        await cts.CancelAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Record.ExceptionAsync(() => call);
        Assert.True(ex is OperationCanceledException, ex is null ? (await call)["stats"]!.ToString() + client.Progress.Count : ex.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"cancellation took {clock.Elapsed}");
        var status = await client.RequestAsync<JObject>("assistant/status", null);
        Assert.Equal("ready", (string?)status["state"]);
    }

    [Fact]
    public async Task Unopened_document_fails_with_a_clear_message()
    {
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("<think>x</think>y"));

        var ex = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JObject>("assistant/explain", Explain("t4")));

        Assert.Equal(LspErrorCodes.RequestFailed, ex.ErrorCode);
        Assert.Contains("not open", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_model_fails_with_what_to_configure()
    {
        await using var client = await ReadyServer.StartAsync(null);
        await client.OpenAsync(Uri, Code, "python");

        var ex = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JObject>("assistant/explain", Explain("t5")));

        Assert.Equal(LspErrorCodes.RequestFailed, ex.ErrorCode);
        Assert.Contains("model.path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversize_document_fails_with_the_limit()
    {
        await using var client = await ReadyServer.StartAsync(TestModels.WriteScripted("<think>x</think>y"));
        await client.OpenAsync(Uri, new string('x', 1100 * 1024) + "\n", "python");

        var ex = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync<JObject>("assistant/explain", Explain("t6")));

        Assert.Equal(LspErrorCodes.RequestFailed, ex.ErrorCode);
    }
}
