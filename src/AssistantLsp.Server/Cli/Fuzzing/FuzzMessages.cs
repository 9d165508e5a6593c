using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Cli.Fuzzing;

/// <summary>One fuzzed write: its family (for the report) and the exact bytes put on the wire.</summary>
internal sealed record FuzzMessage(string Family, byte[] Bytes);

/// <summary>
/// Seeded generator of hostile LSP traffic (issue #15's families): well-formed requests with odd
/// positions, wrong params, deep JSON, huge strings, stray responses, invalid UTF-8, wrong
/// Content-Length, missing separators, binary garbage, notifications with ids, versions going
/// backwards, cancels for unknown ids, duplicate ids. Never shutdown or exit: the run must go on.
/// Every write leaves the stream in sync: a too-long Content-Length is followed by filler bytes.
/// </summary>
internal sealed class FuzzMessages(int seed)
{
    public static readonly string[] Uris = ["file:///fuzz/a.py", "file:///fuzz/b.cs", "file:///fuzz/c.ts"];

    /// <summary>Text with surrogate pairs (emoji), CRLF and tabs, so positions can land anywhere.</summary>
    public const string Text = "def add(a, b):\r\n    x = '😀😀'\n\treturn a + b\n\n# ünïcode 𝄞 end\n";

    private readonly Random _random = new(seed);
    private readonly Dictionary<string, int> _versions = Uris.ToDictionary(u => u, _ => 1);
    private long _nextId = 1;

    private (string Name, int Weight, Func<FuzzMessage> Make)[] Families => _families ??=
    [
        ("valid-request", 14, () => Frame("valid-request", ValidRequest())),
        ("surrogate-position", 5, SurrogatePosition),
        ("wrong-params", 10, WrongParams),
        ("codeaction-bad-diagnostics", 4, BadDiagnostics),
        ("deep-json", 4, DeepJson),
        ("huge-string", 1, HugeString),
        ("stray-response", 8, StrayResponse),
        ("invalid-utf8", 4, InvalidUtf8),
        ("wrong-content-length", 5, WrongContentLength),
        ("missing-separator", 4, MissingSeparator),
        ("binary-garbage", 4, BinaryGarbage),
        ("notification-with-id", 4, () => Frame("notification-with-id", Request(Pick(["textDocument/didSave", "initialized", "$/setTrace", "textDocument/didClose"]), new JObject { ["textDocument"] = new JObject { ["uri"] = PickUri() } }))),
        ("version-backwards", 4, VersionBackwards),
        ("valid-edit", 8, ValidEdit),
        ("cancel-unknown-id", 4, () => Frame("cancel-unknown-id", Notification("$/cancelRequest", new JObject { ["id"] = RandomId() }))),
        ("duplicate-id", 3, DuplicateId),
        ("unknown-method", 3, () => Frame("unknown-method", _random.Next(2) == 0 ? Request("fuzz/" + Word(), new JObject()) : Notification("$/fuzz" + Word(), new JObject()))),
        ("initialize-again", 1, () => Frame("initialize-again", Request("initialize", new JObject { ["capabilities"] = new JObject() }))),
        ("huge-document", 1, HugeDocument),
    ];

    private (string Name, int Weight, Func<FuzzMessage> Make)[]? _families;

    public IReadOnlyList<string> FamilyNames => [.. Families.Select(f => f.Name)];

    /// <summary>The next hostile write, from a family not in <paramref name="skip"/>.</summary>
    public FuzzMessage Next(IReadOnlySet<string> skip)
    {
        var families = Families.Where(f => !skip.Contains(f.Name)).ToArray();
        var roll = _random.Next(families.Sum(f => f.Weight));
        foreach (var (_, weight, make) in families)
        {
            if ((roll -= weight) < 0)
            {
                return make();
            }
        }

        throw new InvalidOperationException("no family left");
    }

    public IEnumerable<byte[]> OpenDocuments() =>
        Uris.Select(uri => Encode(Notification("textDocument/didOpen", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "python", ["version"] = 1, ["text"] = Text },
        })));

    public static byte[] Encode(JObject message) => FrameBytes(Encoding.UTF8.GetBytes(message.ToString(Formatting.None)));

    public JObject Request(string method, JToken? parameters) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = $"f{_nextId++}", ["method"] = method, ["params"] = parameters };

    private static JObject Notification(string method, JToken? parameters) =>
        new() { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };

    private JObject ValidRequest()
    {
        var uri = PickUri();
        var position = Position(_random.Next(7), _random.Next(20));
        var range = new JObject { ["start"] = Position(0, 0), ["end"] = position };
        return Pick<Func<JObject>>(
        [
            () => Request("textDocument/completion", new JObject { ["textDocument"] = Doc(uri), ["position"] = position }),
            () => Request("textDocument/inlineCompletion", new JObject { ["textDocument"] = Doc(uri), ["position"] = position, ["context"] = new JObject { ["triggerKind"] = 2 } }),
            () => Request("textDocument/codeAction", new JObject { ["textDocument"] = Doc(uri), ["range"] = range, ["context"] = new JObject { ["diagnostics"] = new JArray() } }),
            () => Request("assistant/explain", new JObject { ["textDocument"] = Doc(uri), ["range"] = range }),
            () => Request("assistant/status", new JObject()),
            () => Request("workspace/executeCommand", new JObject { ["command"] = Pick(["assistantLsp.completionAccepted", "fuzz.nothing"]), ["arguments"] = new JArray(RandomJson(2)) }),
        ])();
    }

    private FuzzMessage SurrogatePosition()
    {
        // Line 1 is "    x = '😀😀'": characters 10 and 12 split a surrogate pair.
        var position = Position(1, Pick([10, 12, 9, 11]));
        var method = Pick(["textDocument/completion", "textDocument/inlineCompletion"]);
        return Frame("surrogate-position", Request(method, new JObject { ["textDocument"] = Doc(PickUri()), ["position"] = position, ["context"] = new JObject { ["triggerKind"] = 1 } }));
    }

    private FuzzMessage WrongParams()
    {
        var method = Pick(["textDocument/completion", "textDocument/inlineCompletion", "textDocument/codeAction", "codeAction/resolve", "assistant/explain", "textDocument/didChange", "textDocument/didOpen", "workspace/didChangeConfiguration", "workspace/executeCommand"]);
        JToken parameters = _random.Next(3) switch
        {
            0 => RandomJson(3),
            1 => new JObject { ["textDocument"] = RandomJson(2), ["position"] = RandomJson(2), ["range"] = RandomJson(2), ["settings"] = RandomJson(3) },
            _ => new JObject { ["textDocument"] = Doc(PickUri()), ["position"] = Position(_random.Next(-5, 1_000_000), _random.Next(-5, int.MaxValue)) },
        };
        var message = _random.Next(3) == 0 ? Notification(method, parameters) : Request(method, parameters);
        return Frame("wrong-params", message);
    }

    private FuzzMessage BadDiagnostics()
    {
        JToken diagnostic = _random.Next(3) switch
        {
            0 => JValue.CreateNull(),
            1 => new JObject { ["range"] = new JObject { ["start"] = Position(0, 0), ["end"] = Position(0, 3) } },
            _ => new JObject { ["message"] = "unused" },
        };
        return Frame("codeaction-bad-diagnostics", Request("textDocument/codeAction", new JObject
        {
            ["textDocument"] = Doc(PickUri()),
            ["range"] = new JObject { ["start"] = Position(0, 0), ["end"] = Position(0, 3) },
            ["context"] = new JObject { ["diagnostics"] = new JArray(diagnostic) },
        }));
    }

    private FuzzMessage DeepJson()
    {
        var depth = Pick([65, 200, 1000, 7000, 12000]);
        var (open, close) = _random.Next(2) == 0 ? ("{\"a\":", "}") : ("[", "]");
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var body = _random.Next(3) == 0 ? nested : $"{{\"jsonrpc\":\"2.0\",\"id\":\"f{_nextId++}\",\"method\":\"assistant/status\",\"params\":{{\"x\":{nested}}}}}";
        return new("deep-json", FrameBytes(Encoding.UTF8.GetBytes(body)));
    }

    private FuzzMessage HugeString()
    {
        var huge = new string((char)('a' + _random.Next(26)), _random.Next(256 * 1024, 2 * 1024 * 1024));
        var message = _random.Next(2) == 0
            ? Request("textDocument/completion", new JObject { ["textDocument"] = Doc(huge), ["position"] = Position(0, 0) })
            : Request(huge[..Math.Min(huge.Length, 100_000)], new JObject { ["x"] = huge });
        return Frame("huge-string", message);
    }

    private FuzzMessage StrayResponse()
    {
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = RandomId() };
        if (_random.Next(2) == 0)
        {
            message["result"] = RandomJson(2);
        }
        else
        {
            message["error"] = new JObject { ["code"] = _random.Next(-32800, -32000), ["message"] = Word() };
        }

        return Frame("stray-response", message);
    }

    private FuzzMessage InvalidUtf8()
    {
        var body = Encoding.UTF8.GetBytes(Request("assistant/status", new JObject { ["x"] = "ab" }).ToString(Formatting.None));
        var at = Array.LastIndexOf(body, (byte)'a');
        body[at] = Pick<byte>([0xC3, 0xFF, 0x80, 0xED]);
        return new("invalid-utf8", FrameBytes(body));
    }

    private FuzzMessage WrongContentLength()
    {
        var body = Encoding.UTF8.GetBytes(ValidRequest().ToString(Formatting.None));
        var delta = _random.Next(1, 40) * (_random.Next(2) == 0 ? -1 : 1);
        var declared = Math.Max(0, body.Length + delta);
        // Too long: filler (not JSON, no header text) completes the declared length, as a client
        // that miscounted would still have sent something.
        var filler = declared > body.Length ? Enumerable.Repeat((byte)'#', declared - body.Length) : [];
        return new("wrong-content-length", [.. Encoding.ASCII.GetBytes($"Content-Length: {declared}\r\n\r\n"), .. body, .. filler]);
    }

    private FuzzMessage MissingSeparator()
    {
        var body = Encoding.UTF8.GetBytes(Request("assistant/status", null).ToString(Formatting.None));
        var header = Pick([$"Content-Length: {body.Length}\r\n", $"Content-Length {body.Length}\r\n\r\n", $"Content-Length: {body.Length}", "", $"Content-Type: x\r\n\r\n"]);
        return new("missing-separator", [.. Encoding.ASCII.GetBytes(header), .. body, .. "\r\n"u8.ToArray()]);
    }

    private FuzzMessage BinaryGarbage()
    {
        var garbage = new byte[_random.Next(1, 4096)];
        _random.NextBytes(garbage);
        return new("binary-garbage", _random.Next(2) == 0 ? garbage : FrameBytes(garbage));
    }

    private FuzzMessage VersionBackwards()
    {
        var uri = PickUri();
        var version = _versions.GetValueOrDefault(uri, 1) - _random.Next(1, 5);
        return Frame("version-backwards", Notification("textDocument/didChange", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JArray(new JObject { ["range"] = new JObject { ["start"] = Position(0, 0), ["end"] = Position(0, 0) }, ["text"] = "#" }),
        }));
    }

    private FuzzMessage ValidEdit()
    {
        var uri = PickUri();
        var version = _versions[uri] = _versions.GetValueOrDefault(uri, 1) + 1;
        var change = _random.Next(4) == 0
            ? new JObject { ["text"] = Text }
            : new JObject { ["range"] = new JObject { ["start"] = Position(_random.Next(6), _random.Next(12)), ["end"] = Position(_random.Next(6), _random.Next(12)) }, ["text"] = Pick(["x", "\n", "😀", "", "\r\n  ", "é"]) };
        return Frame("valid-edit", Notification("textDocument/didChange", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JArray(change),
        }));
    }

    private FuzzMessage DuplicateId()
    {
        var first = ValidRequest();
        var second = ValidRequest();
        second["id"] = first["id"];
        return new("duplicate-id", [.. Encode(first), .. Encode(second)]);
    }

    private FuzzMessage HugeDocument()
    {
        var uri = $"file:///fuzz/huge-{_nextId++}.txt";
        var text = new string('x', _random.Next(1, 4) * 1024 * 1024);
        return new("huge-document",
        [
            .. Encode(Notification("textDocument/didOpen", new JObject { ["textDocument"] = new JObject { ["uri"] = uri, ["languageId"] = "plaintext", ["version"] = 1, ["text"] = text } })),
            .. Encode(Request("textDocument/completion", new JObject { ["textDocument"] = Doc(uri), ["position"] = Position(0, 5) })),
            .. Encode(Notification("textDocument/didClose", new JObject { ["textDocument"] = Doc(uri) })),
        ]);
    }

    private JToken RandomJson(int depth) => (depth <= 0 ? _random.Next(5) : _random.Next(8)) switch
    {
        0 => JValue.CreateNull(),
        1 => new JValue(_random.Next(2) == 0),
        2 => new JValue(_random.NextInt64(long.MinValue, long.MaxValue)),
        3 => new JValue(_random.NextDouble() * 1e12),
        4 => new JValue(Pick(["", "😀", "\ud800", "file:///x", "\0", Word()])),
        5 or 6 => new JObject(Enumerable.Range(0, _random.Next(4)).Select(i => new JProperty(Pick(["uri", "line", "character", "text", "version", "id", Word()]) + i, RandomJson(depth - 1)))),
        _ => new JArray(Enumerable.Range(0, _random.Next(4)).Select(_ => RandomJson(depth - 1))),
    };

    private JToken RandomId() => _random.Next(4) switch
    {
        0 => JValue.CreateNull(),
        1 => new JValue(Word()),
        2 => new JValue(_random.Next(1, 100)), // ids the server may really have used
        _ => new JValue(_random.NextInt64()),
    };

    private FuzzMessage Frame(string family, JObject message) => new(family, Encode(message));

    private static byte[] FrameBytes(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    private static JObject Doc(string uri) => new() { ["uri"] = uri };

    private static JObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    private string PickUri() => _random.Next(10) == 0 ? "file:///fuzz/not-open.py" : Pick(Uris);

    private string Word() => new([.. Enumerable.Range(0, _random.Next(1, 12)).Select(_ => (char)('a' + _random.Next(26)))]);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
