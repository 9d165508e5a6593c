using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Tests.Contrib;

/// <summary>
/// Plain C# forward pass of a Qwen2 decoder (double precision, whole sequence, no KV cache) from
/// the dequantized int4 weights the writer reported: RMSNorm, q/k/v with biases, rotary positions
/// (non-interleaved halves, θ from the shape), grouped-query causal attention, SiLU-gated MLP.
/// The independent answer the contrib-op ONNX graph must reproduce.
/// </summary>
internal sealed class QwenReference(QwenShape shape, IReadOnlyDictionary<string, float[]> weights)
{
    public List<int> Greedy(IReadOnlyList<int> prompt, int newTokens) => GreedyReference.Decode(LastLogits, prompt, newTokens);

    public double[] LastLogits(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, e = shape.Hidden, d = shape.HeadSize;
        var embed = weights["embed"];
        var x = tokens.Select(t => Enumerable.Range(0, e).Select(i => (double)embed[(t * e) + i]).ToArray()).ToArray();
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            var h = x.Select(row => RmsNorm(row, weights[$"{layer}.attn_norm"])).ToArray();
            var q = h.Select((row, t) => Rotate(Add(MatVec(row, weights[$"{layer}.q"], shape.QueryWidth), weights[$"{layer}.q_bias"]), t)).ToArray();
            var k = h.Select((row, t) => Rotate(Add(MatVec(row, weights[$"{layer}.k"], shape.KvWidth), weights[$"{layer}.k_bias"]), t)).ToArray();
            var v = h.Select(row => Add(MatVec(row, weights[$"{layer}.v"], shape.KvWidth), weights[$"{layer}.v_bias"])).ToArray();
            int group = shape.Heads / shape.KvHeads;
            for (int t = 0; t < n; t++)
            {
                var context = new double[shape.QueryWidth];
                for (int head = 0; head < shape.Heads; head++)
                {
                    int qo = head * d, ko = head / group * d;
                    var scores = new double[t + 1];
                    for (int u = 0; u <= t; u++)
                    {
                        double dot = 0;
                        for (int j = 0; j < d; j++)
                        {
                            dot += q[t][qo + j] * k[u][ko + j];
                        }

                        scores[u] = dot / Math.Sqrt(d);
                    }

                    double max = scores.Max(), sum = 0;
                    for (int u = 0; u <= t; u++)
                    {
                        scores[u] = Math.Exp(scores[u] - max);
                        sum += scores[u];
                    }

                    for (int u = 0; u <= t; u++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            context[qo + j] += scores[u] / sum * v[u][ko + j];
                        }
                    }
                }

                x[t] = Add(x[t], MatVec(context, weights[$"{layer}.o"], e));
            }

            for (int t = 0; t < n; t++)
            {
                var m = RmsNorm(x[t], weights[$"{layer}.ffn_norm"]);
                var gate = MatVec(m, weights[$"{layer}.gate"], shape.Mlp);
                var up = MatVec(m, weights[$"{layer}.up"], shape.Mlp);
                var activated = gate.Select((g, i) => g / (1 + Math.Exp(-g)) * up[i]).ToArray();
                x[t] = Add(x[t], MatVec(activated, weights[$"{layer}.down"], e));
            }
        }

        return MatVec(RmsNorm(x[n - 1], weights["norm"]), weights["lm_head"], shape.Vocab);
    }

    private double[] RmsNorm(double[] row, float[] scale)
    {
        double meanSquare = row.Sum(value => value * value) / row.Length;
        double inverse = 1 / Math.Sqrt(meanSquare + shape.RmsEpsilon);
        return row.Select((value, i) => value * inverse * scale[i]).ToArray();
    }

    /// <summary>Rotary on each head: pairs (i, i + d/2) turned by position · θ^(−2i/d).</summary>
    private double[] Rotate(double[] vector, int position)
    {
        int d = shape.HeadSize, half = d / 2;
        var result = (double[])vector.Clone();
        for (int o = 0; o < vector.Length; o += d)
        {
            for (int i = 0; i < half; i++)
            {
                double angle = position * Math.Pow(shape.RopeTheta, -2.0 * i / d);
                double a = vector[o + i], b = vector[o + i + half];
                result[o + i] = (a * Math.Cos(angle)) - (b * Math.Sin(angle));
                result[o + i + half] = (b * Math.Cos(angle)) + (a * Math.Sin(angle));
            }
        }

        return result;
    }

    /// <summary><paramref name="matrix"/> is row-major [outputs, inputs].</summary>
    private static double[] MatVec(double[] input, float[] matrix, int outputs)
    {
        var result = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            double sum = 0;
            int row = o * input.Length;
            for (int i = 0; i < input.Length; i++)
            {
                sum += input[i] * matrix[row + i];
            }

            result[o] = sum;
        }

        return result;
    }

    private static double[] Add(double[] a, float[] b) => a.Select((value, i) => value + b[i]).ToArray();

    private static double[] Add(double[] a, double[] b) => a.Select((value, i) => value + b[i]).ToArray();
}
