using AssistantLsp.Features.Settings;
using AssistantLsp.Server.Settings;
using Newtonsoft.Json.Linq;

namespace AssistantLsp.Server.Tests.Settings;

public class SettingsReaderTests
{
    [Fact]
    public void Missing_section_gives_defaults_without_warnings()
    {
        var (settings, warnings) = SettingsReader.Read(null);
        Assert.Equal(AssistantSettings.Default, settings);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Nested_and_dotted_keys_are_both_read()
    {
        var (settings, warnings) = SettingsReader.Read(JObject.Parse("""
            { "model": { "path": "/m", "executionProvider": "CUDA" }, "completion.maxLines": 3,
              "completion": { "model": { "path": "/fim" }, "enabled": false }, "reasoning": { "temperature": 1 } }
            """));
        Assert.Empty(warnings);
        Assert.Equal("/m", settings.Models.ModelPath);
        Assert.Equal("cuda", settings.Models.ExecutionProvider);
        Assert.Equal("/fim", settings.Models.CompletionModelPath);
        Assert.False(settings.Features.CompletionEnabled);
        Assert.Equal(3, settings.Features.CompletionMaxLines);
        Assert.Equal(1.0, settings.Features.ReasoningTemperature);
    }

    [Theory]
    [InlineData(null, "auto")]
    [InlineData("""{ "generation": { "speculative": "off" } }""", "off")]
    [InlineData("""{ "generation.speculative": "AUTO" }""", "auto")]
    public void Speculative_decoding_is_auto_unless_turned_off(string? section, string expected)
    {
        var (settings, warnings) = SettingsReader.Read(section is null ? null : JObject.Parse(section));
        Assert.Empty(warnings);
        Assert.Equal(expected, settings.Models.Speculative);
    }

    [Fact]
    public void Each_key_sets_the_feature_settings_or_the_model_settings_by_its_prefix()
    {
        foreach (var (key, shape) in SettingsReader.Shapes)
        {
            var (settings, warnings) = SettingsReader.Read(new JObject { [key] = NotTheDefault(key, shape) });
            Assert.True(warnings.Count == 0, $"{key}: {string.Join("; ", warnings)}");
            var changed = (
                Features: settings.Features != FeatureSettings.Default,
                Models: settings.Models != AssistantSettings.Default.Models,
                Host: settings.LogLevel != AssistantSettings.Default.LogLevel);
            var expected = key.StartsWith("model.", StringComparison.Ordinal) || key.StartsWith("completion.model.", StringComparison.Ordinal) || key.StartsWith("generation.", StringComparison.Ordinal)
                ? (false, true, false)
                : key.StartsWith("log.", StringComparison.Ordinal) ? (false, false, true) : (true, false, false);
            Assert.True(changed == expected, $"{key} changed {changed}, expected {expected}");
        }
    }

    /// <summary>A valid value for <paramref name="key"/> that differs from its default.</summary>
    private static JToken NotTheDefault(string key, SettingShape shape) => shape switch
    {
        { Type: "boolean" } => new JValue(!AssistantSettings.Default.Features.CompletionEnabled),
        { Type: "integer", Minimum: { } min } => new JValue((long)min),
        { Type: "number", Minimum: { } min } => new JValue(min),
        { Choices: { } choices } => new JValue(choices[^1]),
        _ when key.EndsWith("apiKeyVariable", StringComparison.Ordinal) => new JValue("OTHER_KEY"),
        _ when key.EndsWith("endpoint", StringComparison.Ordinal) => new JValue("http://gpu-box:8000/v1"),
        _ => new JValue("/x"),
    };

    [Fact]
    public void Wrapped_section_is_unwrapped()
    {
        var (settings, _) = SettingsReader.Read(JObject.Parse("""{ "assistantLsp": { "completion": { "maxTokens": 5 } } }"""));
        Assert.Equal(5, settings.Features.CompletionMaxTokens);
    }

    [Theory]
    [InlineData("""{ "completion": { "maxTokens": 0 } }""", "completion.maxTokens")]
    [InlineData("""{ "completion": { "maxTokens": 2.5 } }""", "completion.maxTokens")]
    [InlineData("""{ "completion": { "enabled": "yes" } }""", "completion.enabled")]
    [InlineData("""{ "model": { "executionProvider": "tpu" } }""", "model.executionProvider")]
    [InlineData("""{ "model": { "path": 3 } }""", "model.path")]
    [InlineData("""{ "reasoning": { "topP": 1.5 } }""", "reasoning.topP")]
    [InlineData("""{ "log": { "level": "loud" } }""", "log.level")]
    [InlineData("""{ "nonsense": 1 }""", "nonsense")]
    [InlineData("""{ "generation": { "speculative": "always" } }""", "generation.speculative")]
    [InlineData("""{ "generation": { "speculative": false } }""", "generation.speculative")]
    public void Invalid_or_unknown_values_warn_naming_the_key_and_keep_defaults(string json, string key)
    {
        var (settings, warnings) = SettingsReader.Read(JObject.Parse(json));
        var warning = Assert.Single(warnings);
        Assert.Contains($"'assistantLsp.{key}'", warning, StringComparison.Ordinal);
        Assert.Equal(AssistantSettings.Default, settings);
    }

    [Fact]
    public void Client_only_keys_are_accepted_silently()
    {
        var (_, warnings) = SettingsReader.Read(JObject.Parse("""{ "server": { "path": "/x" }, "trace": { "server": "verbose" } }"""));
        Assert.Empty(warnings);
    }

    [Fact]
    public void Non_object_section_warns_and_uses_defaults()
    {
        var (settings, warnings) = SettingsReader.Read(new JValue(3));
        Assert.Single(warnings);
        Assert.Equal(AssistantSettings.Default, settings);
    }
}
