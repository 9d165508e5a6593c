using AssistantLsp.Inference.Loading;
using System.Diagnostics;
using System.Text;
using AssistantLsp.Inference.Engine;
using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace AssistantLsp.Inference.LlamaCpp;

/// <summary>
/// <see cref="IInferenceEngine"/> on llama.cpp (LLamaSharp, CPU build) for models in one
/// <c>.gguf</c> file. Generation runs on a pool thread, one at a time, and keeps the context's
/// token sequence so the next prompt reuses the KV cache of the longest common token prefix.
/// </summary>
public sealed class LlamaCppEngine : IInferenceEngine, ISpeculativeEngine
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LlamaVocabulary _vocabulary;
    private readonly KvTokenSequence _sequence;
    private readonly GenerationGate _generationGate = new();

    private LlamaCppEngine(string file, LLamaWeights weights, LLamaContext context, int batchSize)
    {
        _weights = weights;
        _context = context;
        _vocabulary = new LlamaVocabulary(weights);
        _sequence = new KvTokenSequence(context, batchSize);
        Model = new ModelDescription(
            file,
            Path.GetFileNameWithoutExtension(file),
            "cpu",
            _sequence.Capacity,
            _vocabulary.Count,
            _vocabulary.Tokens);
    }

    public ModelDescription Model { get; }

    public SpeculativeDecodingSetting Speculation { get; set; } = new();

    /// <summary>The context's cached token sequence (tests shrink prefill steps and cancel between them).</summary>
    internal KvTokenSequence Sequence => _sequence;

    /// <summary>True for a <c>.gguf</c> file or a folder holding exactly one: the paths <see cref="Load"/> takes.</summary>
    public static bool CanLoad(string? path) => GgufModelPath.IsCandidate(path);

    /// <summary>
    /// Loads a <c>.gguf</c> file (or the one in a folder) on the CPU. Every failure is a
    /// <see cref="ModelLoadException"/> naming the file and the fix.
    /// </summary>
    public static LlamaCppEngine Load(string path, LlamaCppEngineOptions? options = null)
    {
        options ??= new LlamaCppEngineOptions();
        var file = GgufModelPath.Resolve(path);

        // Before anything touches the native library, so its log never reaches stdout.
        LlamaNativeLog.Install();
        if (options.ContextSize is < 16 || options.Threads is < 1 || options.BatchSize < 1)
        {
            throw new ModelLoadException(file, "The engine options are out of range: the context needs at least 16 tokens, threads and batch size at least 1.");
        }

        var threads = options.Threads ?? Environment.ProcessorCount;
        var parameters = new ModelParams(file) { GpuLayerCount = 0, Threads = threads, BatchThreads = threads };
        var weights = LoadNative(file, () => LLamaWeights.LoadFromFile(parameters), "llama.cpp could not load the model");
        try
        {
            var contextSize = options.ContextSize ?? Math.Min(Math.Max(16, weights.ContextSize), Math.Max(16, options.MaxContextSize));
            parameters.ContextSize = (uint)contextSize;
            parameters.BatchSize = (uint)Math.Min(options.BatchSize, contextSize);
            parameters.UBatchSize = parameters.BatchSize;
            var context = LoadNative(file, () => weights.CreateContext(parameters), $"llama.cpp could not create a context of {contextSize} tokens");
            try
            {
                return new LlamaCppEngine(file, weights, context, (int)parameters.BatchSize);
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary><see cref="Load"/> on a pool thread (real models take seconds to load).</summary>
    public static Task<LlamaCppEngine> LoadAsync(string path, LlamaCppEngineOptions? options, CancellationToken cancellationToken) =>
        Task.Run(() => Load(path, options), cancellationToken);

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfDisposed();
        return _vocabulary.Encode(text);
    }

    public string Decode(IReadOnlyList<int> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ThrowIfDisposed();
        return _vocabulary.Decode(tokenIds);
    }

    /// <summary>
    /// llama.cpp renders the model's template by recognizing its format (DeepSeek, ChatML, Llama
    /// and others); a template it does not recognize counts as none, and prompt builders fall back.
    /// </summary>
    public string? ApplyChatTemplate(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ThrowIfDisposed();
        if (_vocabulary.ChatTemplate is null)
        {
            return null;
        }

        try
        {
            var template = new LLamaTemplate(_weights) { AddAssistant = addGenerationPrompt };
            foreach (var message in messages)
            {
                template.Add(message.Role, message.Content);
            }

            return _vocabulary.WithTemplateBos(Encoding.UTF8.GetString(template.Apply()));
        }
        catch (Exception e) when (e is MissingTemplateException or TemplateNotFoundException or RuntimeError)
        {
            return null;
        }
    }

    public async Task<GenerationResult> GenerateAsync(
        GenerationRequest request, Func<GeneratedToken, TokenDecision>? onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        var prompt = PromptTokenCheck.Validate(request.PromptTokens, Model);
        var options = request.Options ?? new GenerationOptions();
        var sampler = new TokenSampler(options);
        var clock = Stopwatch.StartNew();
        var run = new LlamaGenerationRun(_sequence, _vocabulary, options, sampler, onToken)
        {
            Speculative = options.Speculative && Speculation.Enabled,
        };
        return await _generationGate.RunAsync(this, token => run.Run(prompt, clock, token), cancellationToken);
    }

    public void Dispose() => _generationGate.Close(() =>
    {
        _sequence.Dispose();
        _context.Dispose();
        _weights.Dispose();
    });

    private void ThrowIfDisposed() => _generationGate.ThrowIfClosed(this);

    private static T LoadNative<T>(string file, Func<T> load, string problem)
    {
        string log = string.Empty;
        try
        {
            return LlamaNativeLog.Capture(load, out log);
        }
        catch (Exception e) when (e is LoadWeightsFailedException or RuntimeError or InvalidOperationException or ArgumentException or IOException)
        {
            var detail = string.IsNullOrEmpty(log) ? e.Message : log;
            throw new ModelLoadException(
                file,
                $"{problem} from '{file}': {detail}. The file may be incomplete or corrupt (download it again), or use an architecture this llama.cpp build does not know.",
                e);
        }
    }
}
