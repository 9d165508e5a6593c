using System.Globalization;
using System.Text.RegularExpressions;
using AssistantLsp.Server.Settings;
using AssistantLsp.Server.Tests.TestSupport;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace AssistantLsp.Server.Tests.Contract;

/// <summary>docs/protocol.md is the public contract: it must say exactly what the server does.</summary>
public partial class ProtocolDocumentTests
{
    private static readonly string Document = File.ReadAllText(RepositoryFiles.PathOf("docs", "protocol.md"));

    [Fact]
    public void The_settings_table_lists_exactly_the_servers_keys()
    {
        var documented = SettingsRows().Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(SettingsReader.KnownKeys.OrderBy(k => k, StringComparer.Ordinal), documented.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void Each_documented_default_is_the_servers_default()
    {
        foreach (var row in SettingsRows().Where(r => r.Default != "—"))
        {
            var (settings, warnings) = SettingsReader.Read(new JObject { [row.Key] = Literal(row.Default) });
            Assert.True(warnings.Count == 0, $"{row.Key}: {string.Join("; ", warnings)}");
            Assert.True(AssistantSettings.Default == settings, $"{row.Key}: documented default {row.Default} is not the server's default");
        }
    }

    [Fact]
    public void Each_documented_range_is_the_range_the_server_accepts()
    {
        var ranges = 0;
        foreach (var row in SettingsRows())
        {
            var match = RangePattern().Match(row.Values);
            if (!match.Success)
            {
                continue;
            }

            ranges++;
            var min = decimal.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
            var max = decimal.Parse(match.Groups["max"].Value, CultureInfo.InvariantCulture);
            var step = match.Groups["min"].Value.Contains('.', StringComparison.Ordinal) || match.Groups["max"].Value.Contains('.', StringComparison.Ordinal) ? 0.001m : 1m;
            Assert.True(Accepts(row.Key, min), $"{row.Key} should accept {min}");
            Assert.True(Accepts(row.Key, max), $"{row.Key} should accept {max}");
            Assert.False(Accepts(row.Key, min - step), $"{row.Key} should refuse {min - step}");
            Assert.False(Accepts(row.Key, max + step), $"{row.Key} should refuse {max + step}");
        }

        Assert.True(ranges >= 6, "the settings table lost its ranges");
    }

    [Fact]
    public async Task The_documented_commands_are_exactly_the_ones_the_server_declares()
    {
        await using var client = LspTestClient.Start();
        var result = await client.InitializeAsync();
        var declared = result["capabilities"]!["executeCommandProvider"]!["commands"]!.Values<string>().OrderBy(c => c, StringComparer.Ordinal);
        var documented = Section("## Commands").Split('\n')
            .Select(line => CommandRow().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["name"].Value)
            .OrderBy(c => c, StringComparer.Ordinal);
        Assert.Equal(declared, documented);
    }

    [Fact]
    public async Task Every_documented_custom_method_is_served()
    {
        var methods = MethodHeading().Matches(Section("## Custom methods"))
            .Where(m => m.Groups["direction"].Value.StartsWith("request, client", StringComparison.Ordinal))
            .Select(m => m.Groups["method"].Value)
            .ToArray();
        Assert.Contains("assistant/explain", methods);
        Assert.Contains("assistant/status", methods);

        await using var client = await LspTestClient.StartInitializedAsync();
        foreach (var method in methods)
        {
            try
            {
                await client.RequestAsync<JToken>(method, new { });
            }
            catch (RemoteMethodNotFoundException ex)
            {
                // StreamJsonRpc raises this type for invalid params (-32602) too: only -32601 means "not served".
                Assert.True(ex.ErrorCode != JsonRpcErrorCode.MethodNotFound, $"{method} is documented but not served: {ex.Message}");
            }
            catch (RemoteInvocationException)
            {
                // Served: it answered with its own error for empty params.
            }
        }
    }

    private static bool Accepts(string key, decimal value)
    {
        JToken literal = decimal.Truncate(value) == value ? new JValue((long)value) : new JValue((double)value);
        return SettingsReader.Read(new JObject { [key] = literal }).Warnings.Count == 0;
    }

    private static JToken Literal(string cell)
    {
        var text = cell.Trim('`');
        if (bool.TryParse(text, out var flag))
        {
            return new JValue(flag);
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            return new JValue(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? new JValue(number) : new JValue(text);
    }

    private static IEnumerable<(string Key, string Default, string Values)> SettingsRows() =>
        Section("## Settings").Split('\n')
            .Select(line => SettingRow().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["key"].Value, m.Groups["default"].Value.Trim(), m.Groups["values"].Value.Trim()));

    /// <summary>The text from the line starting with <paramref name="heading"/> to the next heading of the same level.</summary>
    private static string Section(string heading)
    {
        var start = Document.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/protocol.md has no '{heading}' section");
        var next = Document.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return (next < 0 ? Document[start..] : Document[start..next]).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<key>[a-zA-Z.]+)` \| (?<default>[^|]+) \| (?<values>[^|]+) \|")]
    private static partial Regex SettingRow();

    [GeneratedRegex(@"^(?<min>-?[0-9.]+)–(?<max>[0-9.]+)$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^\| `(?<name>assistantLsp\.[a-zA-Z.]+)` \|")]
    private static partial Regex CommandRow();

    [GeneratedRegex(@"^### `(?<method>[a-zA-Z/$]+)` \((?<direction>[^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex MethodHeading();
}
