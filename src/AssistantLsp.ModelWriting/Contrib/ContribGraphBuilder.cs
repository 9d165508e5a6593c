using System.Globalization;

namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>ONNX element types the contrib-op graphs use (values from onnx.proto).</summary>
/// <summary>
/// An ONNX ModelProto writer for graphs that use ONNX Runtime's com.microsoft operators
/// (MatMulNBits, GroupQueryAttention, SkipSimplifiedLayerNormalization): nodes with a domain and
/// several outputs, and initializers stored in an external data file so a graph with gigabytes
/// of weights stays a small protobuf (the 2 GB protobuf limit never applies).
/// </summary>
internal sealed class ContribGraphBuilder
{
    public const string MicrosoftDomain = "com.microsoft";

    private const long IrVersion = 8;
    private const long OnnxOpset = 17;

    private readonly List<Action<ProtoWriter>> _nodes = [];
    private readonly List<Action<ProtoWriter>> _initializers = [];
    private readonly List<Action<ProtoWriter>> _inputs = [];
    private readonly List<Action<ProtoWriter>> _outputs = [];
    private int _nextId;

    /// <summary>An initializer whose bytes are in the graph itself (small constants).</summary>
    public string Inline(string name, OnnxElementType type, long[] dims, byte[] raw)
    {
        _initializers.Add(t =>
        {
            TensorHeader(t, name, type, dims);
            t.Bytes(9, raw);
        });
        return name;
    }

    public string Int64s(string name, long[] values, params long[] dims) =>
        Inline(name, OnnxElementType.Int64, dims, [.. values.SelectMany(BitConverter.GetBytes)]);

    public string Floats(string name, float[] values, params long[] dims) =>
        Inline(name, OnnxElementType.Float, dims, [.. values.SelectMany(BitConverter.GetBytes)]);

    /// <summary>An initializer whose bytes live in <paramref name="location"/> (relative to the model file) at the given offset.</summary>
    public string External(string name, OnnxElementType type, long[] dims, string location, long offset, long length)
    {
        _initializers.Add(t =>
        {
            TensorHeader(t, name, type, dims);
            Entry(t, "location", location);
            Entry(t, "offset", offset.ToString(CultureInfo.InvariantCulture));
            Entry(t, "length", length.ToString(CultureInfo.InvariantCulture));
            t.Int64(14, 1); // data_location = EXTERNAL
        });
        return name;
    }

    public void Input(string name, OnnxElementType type, params object[] dims) => _inputs.Add(v => OnnxGraphBuilder.WriteValueInfo(v, name, type, dims));

    public void Output(string name, OnnxElementType type, params object[] dims) => _outputs.Add(v => OnnxGraphBuilder.WriteValueInfo(v, name, type, dims));

    /// <summary>Adds a default-domain node with one generated output.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        Nodes(opType, string.Empty, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> generated outputs in <paramref name="domain"/>.</summary>
    public string[] Nodes(string opType, string domain, string[] inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var outputs = Enumerable.Range(0, outputCount).Select(i => $"{opType.ToLowerInvariant()}_{_nextId}_{i}").ToArray();
        NodeTo(outputs, opType, domain, inputs, attributes);
        return outputs;
    }

    /// <summary>Adds a node with the given output names ("" leaves an optional output out).</summary>
    public void NodeTo(string[] outputs, string opType, string domain, string[] inputs, params OnnxAttribute[] attributes)
    {
        var nodeName = $"n{_nextId++}_{opType}";
        _nodes.Add(w =>
        {
            foreach (var input in inputs)
            {
                w.String(1, input);
            }

            foreach (var output in outputs)
            {
                w.String(2, output);
            }

            w.String(3, nodeName);
            w.String(4, opType);
            foreach (var attribute in attributes)
            {
                w.Message(5, a => OnnxGraphBuilder.WriteAttribute(a, attribute));
            }

            if (domain.Length > 0)
            {
                w.String(7, domain);
            }
        });
    }

    public byte[] ToModelBytes(string graphName)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, "AssistantLsp.ContribGraphBuilder");
        model.String(3, "1");
        model.Message(7, g =>
        {
            _nodes.ForEach(node => g.Message(1, node));
            g.String(2, graphName);
            _initializers.ForEach(tensor => g.Message(5, tensor));
            _inputs.ForEach(input => g.Message(11, input));
            _outputs.ForEach(output => g.Message(12, output));
        });
        model.Message(8, opset =>
        {
            opset.String(1, string.Empty);
            opset.Int64(2, OnnxOpset);
        });
        model.Message(8, opset =>
        {
            opset.String(1, MicrosoftDomain);
            opset.Int64(2, 1);
        });
        return model.ToArray();
    }

    private static void TensorHeader(ProtoWriter t, string name, OnnxElementType type, long[] dims)
    {
        foreach (var dim in dims)
        {
            t.Int64(1, dim);
        }

        t.Int64(2, (long)type);
        t.String(8, name);
    }

    private static void Entry(ProtoWriter t, string key, string value) => t.Message(13, e =>
    {
        e.String(1, key);
        e.String(2, value);
    });
}
