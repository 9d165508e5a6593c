using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Settings;

/// <summary>
/// Reads the `assistantLsp` settings section (nested objects or dotted keys, both accepted) into
/// one <see cref="AssistantSettings"/>. Each key is a row in a table: name, how to read it, where
/// it goes. An unknown key or invalid value yields a warning naming the key; the default stays.
/// </summary>
public static class SettingsReader
{
    private delegate AssistantSettings Apply(AssistantSettings settings, JToken value, out string? problem);

    /// <summary>One row of the table: how a value is read, and the limits it is checked against.</summary>
    private sealed record Setting(SettingShape Shape, Apply Apply);

    private static readonly Dictionary<string, Setting> Keys = new(StringComparer.Ordinal)
    {
        ["model.path"] = Path((s, v) => s with { Models = s.Models with { ModelPath = v } }),
        ["model.executionProvider"] = Choice(["cpu", "cuda"], (s, v) => s with { Models = s.Models with { ExecutionProvider = v } }),
        ["completion.model.path"] = Path((s, v) => s with { Models = s.Models with { CompletionModelPath = v } }),
        ["model.endpoint"] = Url((s, v) => s with { Models = s.Models with { ModelEndpoint = v } }),
        ["model.endpointModel"] = Text((s, v) => s with { Models = s.Models with { ModelEndpointModel = v } }),
        ["model.apiKeyVariable"] = VariableName((s, v) => s with { Models = s.Models with { ModelApiKeyVariable = v } }),
        ["completion.model.endpoint"] = Url((s, v) => s with { Models = s.Models with { CompletionModelEndpoint = v } }),
        ["completion.model.endpointModel"] = Text((s, v) => s with { Models = s.Models with { CompletionModelEndpointModel = v } }),
        ["completion.model.apiKeyVariable"] = VariableName((s, v) => s with { Models = s.Models with { CompletionModelApiKeyVariable = v } }),
        ["completion.enabled"] = Bool((s, v) => s with { Features = s.Features with { CompletionEnabled = v } }),
        ["completion.maxTokens"] = Int(1, 1024, (s, v) => s with { Features = s.Features with { CompletionMaxTokens = v } }),
        ["completion.maxLines"] = Int(1, 200, (s, v) => s with { Features = s.Features with { CompletionMaxLines = v } }),
        ["completion.contextTokens"] = Int(64, 32768, (s, v) => s with { Features = s.Features with { CompletionContextTokens = v } }),
        ["completion.maxPromptMs"] = Int(50, 600_000, (s, v) => s with { Features = s.Features with { CompletionMaxPromptMs = v } }),
        ["completion.maxPredictMs"] = Int(50, 600_000, (s, v) => s with { Features = s.Features with { CompletionMaxPredictMs = v } }),
        ["model.contextTokens"] = Int(256, 1 << 20, (s, v) => s with { Models = s.Models with { ModelContextTokens = v } }),
        ["reasoning.maxThinkingTokens"] = Int(0, 32768, (s, v) => s with { Features = s.Features with { MaxThinkingTokens = v } }),
        ["reasoning.temperature"] = Number(0, 2, (s, v) => s with { Features = s.Features with { ReasoningTemperature = v } }),
        ["reasoning.topP"] = Number(0.01, 1, (s, v) => s with { Features = s.Features with { ReasoningTopP = v } }),
        ["log.level"] = Choice(["trace", "verbose", "debug", "information", "warning", "error"], (s, v) => s with { LogLevel = v }),
        ["generation.speculative"] = Choice(["auto", "off"], (s, v) => s with { Models = s.Models with { Speculative = v } }),
        ["document.maxKilobytes"] = Int(1, 1024 * 1024, (s, v) => s with { Features = s.Features with { MaxDocumentKilobytes = v } }),
    };

    /// <summary>Keys the client owns (VS Code sends the whole section); accepted and ignored here.</summary>
    private static readonly string[] ClientOnlyPrefixes = ["server.", "trace."];

    public static IReadOnlyCollection<string> KnownKeys => Keys.Keys;

    /// <summary>
    /// What each key accepts, straight from the table above: the VS Code extension's declared
    /// settings are tested against it, so client and server limits cannot drift apart.
    /// </summary>
    public static IReadOnlyDictionary<string, SettingShape> Shapes => Keys.ToDictionary(k => k.Key, k => k.Value.Shape, StringComparer.Ordinal);

    /// <summary>
    /// Reads a whole section: keys not present take their defaults (a settings change replaces
    /// the previous values). <paramref name="section"/> may be wrapped as { "assistantLsp": {...} }.
    /// </summary>
    public static (AssistantSettings Settings, IReadOnlyList<string> Warnings) Read(JToken? section)
    {
        var settings = AssistantSettings.Default;
        var warnings = new List<string>();
        if (section is JObject wrapper && wrapper["assistantLsp"] is JObject inner)
        {
            section = inner;
        }

        if (section is null || section.Type is JTokenType.Null or JTokenType.Undefined)
        {
            return (settings, warnings);
        }

        if (section is not JObject root)
        {
            warnings.Add($"Settings for assistantLsp must be an object, not {section.Type}; using the defaults.");
            return (settings, warnings);
        }

        foreach (var (key, value) in Flatten(root, prefix: ""))
        {
            if (Keys.TryGetValue(key, out var setting))
            {
                if (value.Type == JTokenType.Null)
                {
                    continue; // explicit null = default
                }

                var next = setting.Apply(settings, value, out var problem);
                if (problem is null)
                {
                    settings = next;
                }
                else
                {
                    warnings.Add($"Setting 'assistantLsp.{key}' {problem}; using the default.");
                }
            }
            else if (!ClientOnlyPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
            {
                warnings.Add($"Unknown setting 'assistantLsp.{key}' is ignored.");
            }
        }

        return (OneModelSourcePerRole(settings, warnings), warnings);
    }

    /// <summary>A role takes a local path or a remote endpoint, never both: the local path wins (no network), with a warning.</summary>
    private static AssistantSettings OneModelSourcePerRole(AssistantSettings settings, List<string> warnings)
    {
        if (settings.Models.ModelPath is not null && settings.Models.ModelEndpoint is not null)
        {
            warnings.Add("Settings 'assistantLsp.model.path' and 'assistantLsp.model.endpoint' are both set; a model is either local or remote. " +
                "Using the local model.path; clear one of them.");
            settings = settings with { Models = settings.Models with { ModelEndpoint = null } };
        }

        if (settings.Models.CompletionModelPath is not null && settings.Models.CompletionModelEndpoint is not null)
        {
            warnings.Add("Settings 'assistantLsp.completion.model.path' and 'assistantLsp.completion.model.endpoint' are both set; a model is either local or remote. " +
                "Using the local completion.model.path; clear one of them.");
            settings = settings with { Models = settings.Models with { CompletionModelEndpoint = null } };
        }

        return settings;
    }

    /// <summary>Nested objects become dotted keys, except where an object itself is a known key's value.</summary>
    private static IEnumerable<(string Key, JToken Value)> Flatten(JObject obj, string prefix)
    {
        foreach (var property in obj.Properties())
        {
            var key = prefix + property.Name;
            if (property.Value is JObject nested && !Keys.ContainsKey(key))
            {
                foreach (var item in Flatten(nested, key + "."))
                {
                    yield return item;
                }
            }
            else
            {
                yield return (key, property.Value);
            }
        }
    }

    private static Setting Path(Func<AssistantSettings, string?, AssistantSettings> set) => new(
        new SettingShape("string"),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            problem = v.Type == JTokenType.String ? null : "must be a folder path (a string)";
            var text = v.Type == JTokenType.String ? v.Value<string>() : null;
            return set(s, string.IsNullOrWhiteSpace(text) ? null : Environment.ExpandEnvironmentVariables(ExpandHome(text.Trim())));
        });

    private static Setting Url(Func<AssistantSettings, string?, AssistantSettings> set) => new(
        new SettingShape("string"),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            var text = v.Type == JTokenType.String ? v.Value<string>()!.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                problem = v.Type == JTokenType.String ? null : "must be a URL (a string)";
                return problem is null ? set(s, null) : s;
            }

            var ok = Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                && url.UserInfo.Length == 0 && url.Query.Length == 0;
            problem = ok ? null : $"must be an http:// or https:// base URL without credentials, such as http://gpu-box:8000/v1 (got {v.ToString(Newtonsoft.Json.Formatting.None)})";
            return ok ? set(s, text) : s;
        });

    private static Setting Text(Func<AssistantSettings, string?, AssistantSettings> set) => new(
        new SettingShape("string"),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            problem = v.Type == JTokenType.String ? null : "must be a string";
            var text = v.Type == JTokenType.String ? v.Value<string>()!.Trim() : null;
            return problem is null ? set(s, string.IsNullOrEmpty(text) ? null : text) : s;
        });

    private static Setting VariableName(Func<AssistantSettings, string, AssistantSettings> set) => new(
        new SettingShape("string"),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            var text = v.Type == JTokenType.String ? v.Value<string>()!.Trim() : null;
            var ok = !string.IsNullOrEmpty(text) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(text[0]);
            problem = ok ? null : "must be the name of an environment variable (letters, digits, _), not the key itself";
            return ok ? set(s, text!) : s;
        });

    private static Setting Bool(Func<AssistantSettings, bool, AssistantSettings> set) => new(
        new SettingShape("boolean"),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            problem = v.Type == JTokenType.Boolean ? null : "must be true or false";
            return problem is null ? set(s, v.Value<bool>()) : s;
        });

    private static Setting Int(int min, int max, Func<AssistantSettings, int, AssistantSettings> set) => new(
        new SettingShape("integer", min, max),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            var ok = v.Type == JTokenType.Integer && v.Value<long>() is var n && n >= min && n <= max;
            problem = ok ? null : $"must be a whole number from {min} to {max} (got {v.ToString(Newtonsoft.Json.Formatting.None)})";
            return ok ? set(s, v.Value<int>()) : s;
        });

    private static Setting Number(double min, double max, Func<AssistantSettings, double, AssistantSettings> set) => new(
        new SettingShape("number", min, max),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            var ok = v.Type is JTokenType.Float or JTokenType.Integer && v.Value<double>() is var d && d >= min && d <= max;
            problem = ok ? null : $"must be a number from {min} to {max} (got {v.ToString(Newtonsoft.Json.Formatting.None)})";
            return ok ? set(s, v.Value<double>()) : s;
        });

    private static Setting Choice(string[] choices, Func<AssistantSettings, string, AssistantSettings> set) => new(
        new SettingShape("string", Choices: choices),
        (AssistantSettings s, JToken v, out string? problem) =>
        {
            var text = v.Type == JTokenType.String ? v.Value<string>()!.Trim() : null;
            var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
            problem = match is null ? $"must be one of {string.Join(", ", choices)} (got {v.ToString(Newtonsoft.Json.Formatting.None)})" : null;
            return match is null ? s : set(s, match);
        });

    private static string ExpandHome(string path) =>
        path.StartsWith('~') && (path.Length == 1 || path[1] is '/' or '\\')
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}

/// <summary>What a setting accepts: its JSON type, its range, or its choices.</summary>
public sealed record SettingShape(string Type, double? Minimum = null, double? Maximum = null, IReadOnlyList<string>? Choices = null);
