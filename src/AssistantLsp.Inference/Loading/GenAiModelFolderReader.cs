using System.Text.Json;

namespace AssistantLsp.Inference.Loading;

/// <summary>
/// Reads and checks a model folder in ONNX Runtime GenAI layout (genai_config.json, the decoder
/// ONNX file, tokenizer.json, tokenizer_config.json). Each problem becomes a
/// <see cref="ModelLoadException"/> naming the file and the fix, because GenAI's own errors for
/// these cases are terse or come late (at the first generation).
/// </summary>
internal static class GenAiModelFolderReader
{
    public const string GenAiConfigFile = "genai_config.json";
    public const string TokenizerFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    public static GenAiModelFolder Read(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
        {
            throw new ModelLoadException(
                directory ?? string.Empty,
                $"Model folder '{directory}' does not exist. Set model.path to a folder holding {GenAiConfigFile}, model.onnx, "
                + $"{TokenizerFile} and {TokenizerConfigFile}.");
        }

        directory = Path.GetFullPath(directory);
        var configPath = Path.Combine(directory, GenAiConfigFile);
        using var config = ParseJson(
            configPath,
            $"'{directory}' is not an ONNX Runtime GenAI model folder. Download the whole model folder "
            + "(e.g. from onnxruntime/DeepSeek-R1-Distill-ONNX) or export one with the GenAI model builder.");
        var model = RequireObject(config.RootElement, "model", configPath);
        var decoder = RequireObject(model, "decoder", configPath, "model.");
        int contextLength = RequirePositive(model, "context_length", configPath);
        int vocabSize = RequirePositive(model, "vocab_size", configPath);
        RequirePositive(decoder, "num_hidden_layers", configPath, "model.decoder.");
        if (!decoder.TryGetProperty("filename", out var fileName) || fileName.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(fileName.GetString()))
        {
            throw Missing(configPath, "model.decoder.filename", "the ONNX file name, e.g. \"model.onnx\"");
        }

        var decoderPath = Path.Combine(directory, fileName.GetString()!);
        CheckDecoder(decoderPath);

        var tokenizerPath = Path.Combine(directory, TokenizerFile);
        var tokenizerConfigPath = Path.Combine(directory, TokenizerConfigFile);
        const string tokenizerFix = "GenAI needs both tokenizer.json and tokenizer_config.json next to genai_config.json; copy them from the model's download.";
        using var tokenizer = ParseJson(tokenizerPath, tokenizerFix);
        using var tokenizerConfig = ParseJson(tokenizerConfigPath, tokenizerFix);
        var addedTokens = ReadAddedTokens(tokenizer.RootElement);
        int tokenizerSize = TokenizerSize(tokenizer.RootElement, addedTokens);
        if (tokenizerSize > vocabSize)
        {
            throw new ModelLoadException(
                tokenizerPath,
                $"'{tokenizerPath}' has token ids up to {tokenizerSize - 1} but {GenAiConfigFile} says model.vocab_size is {vocabSize}: "
                + "the tokenizer belongs to a different model. Use the tokenizer files that came with the ONNX model.");
        }

        return new GenAiModelFolder(
            directory,
            model.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString()! : "unknown",
            decoderPath,
            contextLength,
            vocabSize,
            ReadIds(model, "eos_token_id"),
            tokenizerSize,
            addedTokens,
            TokenText(tokenizerConfig.RootElement, "bos_token"),
            ReadChatTemplate(tokenizerConfig.RootElement));
    }

    private static void CheckDecoder(string decoderPath)
    {
        if (!File.Exists(decoderPath))
        {
            throw new ModelLoadException(
                decoderPath,
                $"'{decoderPath}' is missing ({GenAiConfigFile} names it in model.decoder.filename). Download it (and any .onnx.data file next to it) into the model folder.");
        }

        string? problem;
        try
        {
            problem = OnnxFileProbe.Problem(decoderPath);
        }
        catch (IOException e)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            throw new ModelLoadException(
                decoderPath,
                $"'{decoderPath}' is not a valid ONNX model: {problem}. The download is probably incomplete or corrupt; download it again.");
        }
    }

    private static JsonDocument ParseJson(string path, string fixWhenMissing)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, $"'{path}' is missing. {fixWhenMissing}");
        }

        try
        {
            var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
            var document = JsonDocument.Parse(File.ReadAllBytes(path), options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new ModelLoadException(path, $"'{path}' must hold a JSON object. Restore the file from the model's download.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, $"'{path}' is not valid JSON ({e.Message}). Restore the file from the model's download.", e);
        }
    }

    private static JsonElement RequireObject(JsonElement parent, string name, string path, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw Missing(path, prefix + name, "an object");
        }

        return value;
    }

    private static int RequirePositive(JsonElement parent, string name, string path, string prefix = "model.")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number <= 0)
        {
            throw Missing(path, prefix + name, "a positive whole number");
        }

        return number;
    }

    private static ModelLoadException Missing(string path, string field, string what) => new(
        path,
        $"'{path}' lacks {field} ({what}). Add it, or download the model folder again: GenAI cannot load the model without it.");

    private static IReadOnlyList<int> ReadIds(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out int id) => [id],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32())],
            _ => [],
        };
    }

    private static List<TokenizerAddedToken> ReadAddedTokens(JsonElement tokenizer)
    {
        var tokens = new List<TokenizerAddedToken>();
        if (tokenizer.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (token.TryGetProperty("id", out var id) && id.TryGetInt32(out int tokenId)
                    && token.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    bool special = token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True;
                    tokens.Add(new TokenizerAddedToken(tokenId, content.GetString()!, special));
                }
            }
        }

        return tokens;
    }

    /// <summary>One more than the highest id the tokenizer can produce (vocabulary or added tokens).</summary>
    private static int TokenizerSize(JsonElement tokenizer, IReadOnlyList<TokenizerAddedToken> addedTokens)
    {
        int highest = addedTokens.Count == 0 ? -1 : addedTokens.Max(t => t.Id);
        if (tokenizer.TryGetProperty("model", out var model) && model.TryGetProperty("vocab", out var vocab))
        {
            // BPE vocabularies are {"token": id}; Unigram ones are [["token", score], ...] indexed by position.
            if (vocab.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in vocab.EnumerateObject())
                {
                    if (entry.Value.TryGetInt32(out int id) && id > highest)
                    {
                        highest = id;
                    }
                }
            }
            else if (vocab.ValueKind == JsonValueKind.Array)
            {
                highest = Math.Max(highest, vocab.GetArrayLength() - 1);
            }
        }

        return highest + 1;
    }

    private static string? TokenText(JsonElement config, string name)
    {
        if (!config.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String => content.GetString(),
            _ => null,
        };
    }

    private static string? ReadChatTemplate(JsonElement config)
    {
        if (!config.TryGetProperty("chat_template", out var template))
        {
            return null;
        }

        if (template.ValueKind == JsonValueKind.String)
        {
            return template.GetString();
        }

        // Some configs list named templates; the "default" one is used for chat.
        if (template.ValueKind == JsonValueKind.Array)
        {
            var named = template.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("template", out var body) && body.ValueKind == JsonValueKind.String)
                .ToList();
            var chosen = named.FirstOrDefault(t => t.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "default");
            if (chosen.ValueKind == JsonValueKind.Undefined && named.Count > 0)
            {
                chosen = named[0];
            }

            return chosen.ValueKind == JsonValueKind.Undefined ? null : chosen.GetProperty("template").GetString();
        }

        return null;
    }
}
