using AssistantLsp.Inference.Engine;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace AssistantLsp.Inference.OnnxGenAi;

/// <summary>
/// The search options a GenAI generator is created with. They are fixed for a generator's life,
/// so a cached generator is reused only for requests with equal settings.
/// </summary>
internal sealed record SamplingSettings(bool Sample, float Temperature, float TopP, int TopK, int? Seed)
{
    public static readonly SamplingSettings Greedy = new(false, 0f, 1f, 0, null);

    /// <summary>A seeded sampler must start from its seed, so it never continues an older generator's random state.</summary>
    public bool AllowsReuse => !Sample || Seed is null;

    public static SamplingSettings From(GenerationOptions options)
    {
        if (options.Temperature <= 0f)
        {
            return Greedy;
        }

        return new SamplingSettings(true, options.Temperature, Math.Clamp(options.TopP, 0f, 1f), Math.Max(0, options.TopK), options.Seed);
    }

    public void Apply(GeneratorParams parameters, int contextLength, int vocabSize)
    {
        parameters.SetSearchOption("max_length", contextLength);
        parameters.SetSearchOption("num_beams", 1);
        parameters.SetSearchOption("repetition_penalty", 1.0);
        parameters.SetSearchOption("do_sample", Sample);
        if (!Sample)
        {
            return;
        }

        parameters.SetSearchOption("temperature", Temperature);
        parameters.SetSearchOption("top_p", TopP <= 0f ? 1.0 : TopP);
        // 0 means "no limit" here; GenAI reads 0 differently, so ask for the whole vocabulary.
        parameters.SetSearchOption("top_k", TopK == 0 ? vocabSize : TopK);
        if (Seed is { } seed)
        {
            parameters.SetSearchOption("random_seed", seed);
        }
    }
}
