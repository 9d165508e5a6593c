using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AssistantLsp.Inference.Engine;
using AssistantLsp.Inference.Loading;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// <see cref="IInferenceEngine"/> on ONNX Runtime GenAI: any model folder in GenAI layout
/// (genai_config.json, decoder ONNX, tokenizer.json, tokenizer_config.json). Generation runs on
/// a pool thread, one at a time, and keeps its generator so the next prompt reuses the KV cache of
/// the longest common token prefix.
/// Streaming: each <see cref="GeneratedToken.Text"/> is that token's decoded text (special-token
/// text included), except the token completing a stop string, whose text is cut where the stop
/// string starts; a stop string spanning several tokens may already have been streamed in part,
/// so <see cref="GenerationResult.Text"/> is the authoritative text. End-of-sequence tokens are
/// neither streamed nor returned.
/// </summary>
public sealed class OnnxGenAiEngine : IInferenceEngine, ISpeculativeEngine
{
    private readonly Config _config;
    private readonly Model _model;
    private readonly Tokenizer _tokenizer;
    private readonly CachedGenerator _cache;
    private readonly HashSet<int> _endOfSequenceIds;
    private readonly HashSet<int> _specialIds;
    private readonly GenerationGate _generationGate = new();
    private readonly Lock _tokenizerLock = new();

    /// <summary>Set under <see cref="_tokenizerLock"/> when the tokenizer is freed: an encode racing a dispose must not touch freed memory.</summary>
    private bool _tokenizerFreed;

    private OnnxGenAiEngine(Config config, Model model, Tokenizer tokenizer, GenAiModelFolder folder, string executionProvider, int? contextTokens)
    {
        // The KV cache is sized from this (GenAI's max_length), not from the model's training maximum.
        var contextLength = contextTokens is { } limit ? Math.Clamp(limit, 1, folder.ContextLength) : folder.ContextLength;
        _config = config;
        _model = model;
        _tokenizer = tokenizer;
        var endOfSequence = folder.EndOfSequenceIds.Count > 0 ? folder.EndOfSequenceIds : [.. tokenizer.GetEosTokenIds().ToArray()];
        _endOfSequenceIds = [.. endOfSequence];
        _specialIds = [.. folder.AddedTokens.Where(t => t.Special).Select(t => t.Id)];
        _cache = new CachedGenerator(model, contextLength, folder.VocabSize);
        Model = new ModelDescription(
            folder.Directory,
            Path.GetFileName(folder.Directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)),
            executionProvider,
            contextLength,
            folder.VocabSize,
            SpecialTokenReader.Read(folder.AddedTokens, endOfSequence, folder.BeginOfSentenceText, folder.ChatTemplate));
    }

    /// <summary>Execution providers accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> ExecutionProviders { get; } = ["cpu", "cuda"];

    public ModelDescription Model { get; }

    public SpeculativeDecodingSetting Speculation { get; set; } = new();

    /// <summary>The generators' caches (tests shrink prefill steps and cancel between them).</summary>
    internal CachedGenerator Cache => _cache;

    /// <summary>
    /// Loads the model folder on <paramref name="executionProvider"/> ("cpu" or "cuda"; CUDA needs
    /// the build with -p:AssistantGpu=cuda). Every failure is a <see cref="ModelLoadException"/>
    /// naming the file at fault and the fix. <paramref name="contextTokens"/> caps the context (and
    /// so the KV cache) below the model's own maximum.
    /// </summary>
    public static OnnxGenAiEngine Load(string modelDirectory, string executionProvider = "cpu", int? contextTokens = null)
    {
        var provider = (executionProvider ?? string.Empty).Trim().ToLowerInvariant();
        if (!ExecutionProviders.Contains(provider))
        {
            throw new ModelLoadException(
                modelDirectory ?? string.Empty,
                $"Execution provider '{executionProvider}' is not supported. Use one of: {string.Join(", ", ExecutionProviders)}.");
        }

        var folder = GenAiModelFolderReader.Read(modelDirectory!);
        Config? config = null;
        Model? model = null;
        Tokenizer? tokenizer = null;
        try
        {
            var configPath = Path.Combine(folder.Directory, GenAiModelFolderReader.GenAiConfigFile);
            config = GenAiCall(() => new Config(folder.Directory), configPath, "ONNX Runtime GenAI rejected the model configuration");
            config.ClearProviders();
            if (provider == "cuda")
            {
                GenAiCall(() => config.AppendProvider("cuda"), configPath, "The CUDA execution provider is not available (build with -p:AssistantGpu=cuda and install CUDA 12, or use cpu)");
            }

            var modelProblem = provider == "cuda"
                ? "ONNX Runtime could not load the model on cuda (that needs the build with -p:AssistantGpu=cuda, CUDA 12 and an NVIDIA GPU; or set the execution provider to cpu)"
                : "ONNX Runtime could not load the model on cpu; check that the file is complete and matches genai_config.json";
            model = GenAiCall(() => new Model(config), folder.DecoderPath, modelProblem);
            var tokenizerPath = Path.Combine(folder.Directory, GenAiModelFolderReader.TokenizerFile);
            const string tokenizerProblem = "ONNX Runtime GenAI could not load the tokenizer; restore tokenizer.json and tokenizer_config.json from the model's download";
            tokenizer = GenAiCall(() => new Tokenizer(model), tokenizerPath, tokenizerProblem);
            // Special-token text must survive decoding (both Decode and the stream skip it by default).
            GenAiCall(() => tokenizer.UpdateOptions(new Dictionary<string, string> { ["skip_special_tokens"] = "false" }), tokenizerPath, tokenizerProblem);
            return new OnnxGenAiEngine(config, model, tokenizer, folder, provider, contextTokens);
        }
        catch
        {
            tokenizer?.Dispose();
            model?.Dispose();
            config?.Dispose();
            throw;
        }
    }

    /// <summary><see cref="Load"/> on a pool thread (real models take seconds to load).</summary>
    public static Task<OnnxGenAiEngine> LoadAsync(string modelDirectory, string executionProvider, CancellationToken cancellationToken) =>
        Task.Run(() => Load(modelDirectory, executionProvider), cancellationToken);

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfDisposed();
        lock (_tokenizerLock)
        {
            ThrowIfTokenizerFreed();
            using var sequences = _tokenizer.Encode(text);
            return sequences[0].ToArray();
        }
    }

    public string Decode(IReadOnlyList<int> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ThrowIfDisposed();
        PromptTokenCheck.CheckIds(tokenIds, Model, nameof(tokenIds));
        lock (_tokenizerLock)
        {
            ThrowIfTokenizerFreed();
            return _tokenizer.Decode([.. tokenIds]);
        }
    }

    public string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ThrowIfDisposed();
        if (Model.Tokens.ChatTemplate is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        lock (_tokenizerLock)
        {
            ThrowIfTokenizerFreed();
            try
            {
                return _tokenizer.ApplyChatTemplate(null, Encoding.UTF8.GetString(buffer.ToArray()), null, addGenerationPrompt);
            }
            catch (OnnxRuntimeGenAIException e)
            {
                throw new InvalidOperationException($"The chat template of '{Model.Name}' could not be applied: {e.Message}", e);
            }
        }
    }

    public async Task<GenerationResult> GenerateAsync(
        GenerationRequest request, Func<GeneratedToken, TokenDecision>? onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        var prompt = PromptTokenCheck.Validate(request.PromptTokens, Model);
        var clock = Stopwatch.StartNew();
        return await _generationGate.RunAsync(
            this, token => Run(prompt, request.Options ?? new GenerationOptions(), onToken, clock, token), cancellationToken);
    }

    public void Dispose() => _generationGate.Close(() =>
    {
        _cache.Dispose();

        // Encode/Decode run outside the generation gate (prompt building): free the tokenizer only
        // under their lock, so one that passed the disposed check finishes first.
        lock (_tokenizerLock)
        {
            _tokenizerFreed = true;
            _tokenizer.Dispose();
        }

        _model.Dispose();
        _config.Dispose();
    });

    private void ThrowIfTokenizerFreed() => ObjectDisposedException.ThrowIf(_tokenizerFreed, this);

    private GenerationResult Run(
        int[] prompt, GenerationOptions options, Func<GeneratedToken, TokenDecision>? onToken, Stopwatch clock, CancellationToken cancellationToken)
    {
        int reused = GenAiStep(() => _cache.Prepare(prompt, SamplingSettings.From(options), cancellationToken));
        using var source = new GenAiTokenSource(this);
        if (options.Speculative && Speculation.Enabled)
        {
            return GenAiStep(() => GenAiSpeculativeRun.Run(_cache.Generator, Model.ContextLength, Model.VocabSize, source, prompt, reused, options, onToken, clock, cancellationToken));
        }

        return GenerationLoop.Run(source, prompt.Length, reused, options, onToken, clock, cancellationToken);
    }

    private T GenAiStep<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (OnnxRuntimeGenAIException e)
        {
            // The generator's state is unknown after a native failure: start fresh next time.
            _cache.Drop();
            throw new InvalidOperationException($"Generation with '{Model.Name}' failed: {e.Message}", e);
        }
    }

    private void ThrowIfDisposed() => _generationGate.ThrowIfClosed(this);

    private static T GenAiCall<T>(Func<T> call, string filePath, string problem)
    {
        try
        {
            return call();
        }
        catch (OnnxRuntimeGenAIException e)
        {
            throw new ModelLoadException(filePath, $"{problem}: {e.Message} (file: '{filePath}')", e);
        }
    }

    private static void GenAiCall(Action call, string filePath, string problem) => GenAiCall(() =>
    {
        call();
        return 0;
    }, filePath, problem);

    /// <summary>GenAI steps for <see cref="GenerationLoop"/>: the generator feeds sampled tokens back by itself.</summary>
    private sealed class GenAiTokenSource(OnnxGenAiEngine engine) : ITokenSource, IDisposable
    {
        private readonly Generator _generator = engine._cache.Generator;
        private readonly TokenizerStream _stream = engine._tokenizer.CreateStream();

        public int? Next(int? previous)
        {
            if (_generator.IsDone())
            {
                return null;
            }

            return engine.GenAiStep(() =>
            {
                _generator.GenerateNextToken();
                return _generator.GetNextTokens()[0];
            });
        }

        public bool IsEndOfGeneration(int id) => engine._endOfSequenceIds.Contains(id);

        public bool IsSpecial(int id) => engine._specialIds.Contains(id);

        public string DecodePiece(int id) => _stream.Decode(id);

        public void Dispose() => _stream.Dispose();
    }
}
