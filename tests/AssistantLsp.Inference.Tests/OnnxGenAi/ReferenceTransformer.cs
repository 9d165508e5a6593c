using AssistantLsp.ModelWriting;

namespace AssistantLsp.Inference.Tests.OnnxGenAi;

/// <summary>
/// Plain C# forward pass of a <see cref="TransformerWeights"/> model over the whole sequence (no
/// KV cache), in double precision: the independent answer the ONNX graph run by GenAI must match.
/// </summary>
internal static class ReferenceTransformer
{
    public static List<int> Greedy(TransformerWeights weights, IReadOnlyList<int> prompt, int newTokens) =>
        GreedyReference.Decode(tokens => LastLogits(weights, tokens), prompt, newTokens);

    public static double[] LastLogits(TransformerWeights w, IReadOnlyList<int> tokens)
    {
        var s = w.Shape;
        int n = tokens.Count, e = s.Hidden;
        var x = new double[n][];
        for (int t = 0; t < n; t++)
        {
            x[t] = new double[e];
            for (int i = 0; i < e; i++)
            {
                x[t][i] = w.TokenEmbedding[(tokens[t] * e) + i] + (w.PositionEmbedding is { } p ? p[(t * e) + i] : 0);
            }
        }

        foreach (var layer in w.Layers)
        {
            var h = x.Select(row => LayerNorm(row, layer.AttentionNormScale, layer.AttentionNormBias)).ToArray();
            var q = h.Select(row => MatVec(row, layer.Query, s.AttentionWidth)).ToArray();
            var k = h.Select(row => MatVec(row, layer.Key, s.AttentionWidth)).ToArray();
            var v = h.Select(row => MatVec(row, layer.Value, s.AttentionWidth)).ToArray();
            for (int t = 0; t < n; t++)
            {
                var context = new double[s.AttentionWidth];
                for (int head = 0; head < s.AttentionHeads; head++)
                {
                    int o = head * s.HeadSize;
                    var scores = new double[t + 1];
                    for (int u = 0; u <= t; u++)
                    {
                        double dot = 0;
                        for (int d = 0; d < s.HeadSize; d++)
                        {
                            dot += q[t][o + d] * k[u][o + d];
                        }

                        scores[u] = dot / Math.Sqrt(s.HeadSize);
                    }

                    double max = scores.Max(), sum = 0;
                    for (int u = 0; u <= t; u++)
                    {
                        scores[u] = Math.Exp(scores[u] - max);
                        sum += scores[u];
                    }

                    for (int u = 0; u <= t; u++)
                    {
                        for (int d = 0; d < s.HeadSize; d++)
                        {
                            context[o + d] += scores[u] / sum * v[u][o + d];
                        }
                    }
                }

                Add(x[t], MatVec(context, layer.AttentionOut, e));
            }

            for (int t = 0; t < n; t++)
            {
                var up = MatVec(LayerNorm(x[t], layer.MlpNormScale, layer.MlpNormBias), layer.MlpIn, s.Mlp);
                for (int i = 0; i < up.Length; i++)
                {
                    double z = up[i] + layer.MlpInBias[i];
                    up[i] = z / (1 + Math.Exp(-z));
                }

                Add(x[t], MatVec(up, layer.MlpOut, e));
            }
        }

        var logits = MatVec(LayerNorm(x[n - 1], w.FinalNormScale, w.FinalNormBias), w.Head, s.Vocab);
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] += w.HeadBias[i];
        }

        return logits;
    }

    private static double[] LayerNorm(double[] row, float[] scale, float[] bias)
    {
        double mean = row.Average();
        double variance = row.Select(value => (value - mean) * (value - mean)).Average();
        double inverse = 1 / Math.Sqrt(variance + TransformerWeights.LayerNormEpsilon);
        return [.. row.Select((value, i) => ((value - mean) * inverse * scale[i]) + bias[i])];
    }

    /// <summary>row · matrix, matrix row-major [row.Length, columns].</summary>
    private static double[] MatVec(double[] row, float[] matrix, int columns)
    {
        var result = new double[columns];
        for (int i = 0; i < row.Length; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[j] += row[i] * matrix[(i * columns) + j];
            }
        }

        return result;
    }

    private static void Add(double[] target, double[] values)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += values[i];
        }
    }
}
