using System.Runtime.InteropServices;

namespace AssistantLsp.ModelWriting;

/// <summary>ONNX tensor element types used by the test models (values from onnx.proto).</summary>
internal enum OnnxElementType
{
    Float = 1,
    UInt8 = 2,
    Int32 = 6,
    Int64 = 7,
}

/// <summary>A node attribute: exactly one of the value kinds is set.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, OnnxTensor? Tensor = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, long[] values) => new(name, Ints: values);

    public static OnnxAttribute Of(string name, OnnxTensor value) => new(name, Tensor: value);
}

/// <summary>A constant tensor stored as raw little-endian data.</summary>
internal sealed record OnnxTensor(string Name, OnnxElementType Type, long[] Dims, byte[] RawData)
{
    public static OnnxTensor Floats(string name, float[] data, params long[] dims) =>
        new(name, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());

    public static OnnxTensor Int64s(string name, long[] data, params long[] dims) =>
        new(name, OnnxElementType.Int64, dims, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
}

/// <summary>
/// Collects nodes, initializers and graph inputs/outputs and serializes them as an ONNX
/// ModelProto (IR version 8, default-domain opset 17). Dimensions are either fixed numbers
/// (long) or symbolic names (string).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private const long IrVersion = 8;
    private const long OpsetVersion = 17;

    private readonly List<Action<ProtoWriter>> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<(string Name, OnnxElementType Type, object[] Dims)> _inputs = [];
    private readonly List<(string Name, OnnxElementType Type, object[] Dims)> _outputs = [];
    private int _nextId;

    public string Initializer(OnnxTensor tensor)
    {
        _initializers.Add(tensor);
        return tensor.Name;
    }

    public string Floats(string name, float[] data, params long[] dims) => Initializer(OnnxTensor.Floats(name, data, dims));

    public string Int64s(string name, long[] data, params long[] dims) => Initializer(OnnxTensor.Int64s(name, data, dims));

    public void Input(string name, OnnxElementType type, params object[] dims) => _inputs.Add((name, type, dims));

    public void Output(string name, OnnxElementType type, params object[] dims) => _outputs.Add((name, type, dims));

    /// <summary>Adds a node with one generated output name and returns that name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        NodeTo($"{opType.ToLowerInvariant()}_{_nextId}", opType, inputs, attributes);

    /// <summary>Adds a node whose single output has the given name (used for graph outputs).</summary>
    public string NodeTo(string output, string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var nodeName = $"n{_nextId++}_{opType}";
        _nodes.Add(w =>
        {
            foreach (var input in inputs)
            {
                w.String(1, input);
            }

            w.String(2, output);
            w.String(3, nodeName);
            w.String(4, opType);
            foreach (var attribute in attributes)
            {
                w.Message(5, a => WriteAttribute(a, attribute));
            }
        });
        return output;
    }

    public byte[] ToModelBytes(string graphName)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, "AssistantLsp.TestModelWriter");
        model.String(3, "1");
        model.Message(7, WriteGraph(graphName));
        model.Message(8, opset =>
        {
            opset.String(1, string.Empty);
            opset.Int64(2, OpsetVersion);
        });
        return model.ToArray();
    }

    private Action<ProtoWriter> WriteGraph(string graphName) => g =>
    {
        foreach (var node in _nodes)
        {
            g.Message(1, node);
        }

        g.String(2, graphName);
        foreach (var tensor in _initializers)
        {
            g.Message(5, t => WriteTensor(t, tensor));
        }

        foreach (var (name, type, dims) in _inputs)
        {
            g.Message(11, v => WriteValueInfo(v, name, type, dims));
        }

        foreach (var (name, type, dims) in _outputs)
        {
            g.Message(12, v => WriteValueInfo(v, name, type, dims));
        }
    };

    internal static void WriteAttribute(ProtoWriter w, OnnxAttribute attribute)
    {
        w.String(1, attribute.Name);
        if (attribute.Float is { } f)
        {
            w.Float(2, f);
            w.Int64(20, 1);
        }
        else if (attribute.Int is { } i)
        {
            w.Int64(3, i);
            w.Int64(20, 2);
        }
        else if (attribute.Tensor is { } t)
        {
            w.Message(5, tw => WriteTensor(tw, t));
            w.Int64(20, 4);
        }
        else if (attribute.Ints is { } ints)
        {
            foreach (var value in ints)
            {
                w.Int64(8, value);
            }

            w.Int64(20, 7);
        }
        else
        {
            throw new ArgumentException($"Attribute '{attribute.Name}' has no value.", nameof(attribute));
        }
    }

    private static void WriteTensor(ProtoWriter w, OnnxTensor tensor)
    {
        foreach (var dim in tensor.Dims)
        {
            w.Int64(1, dim);
        }

        w.Int64(2, (long)tensor.Type);
        w.String(8, tensor.Name);
        w.Bytes(9, tensor.RawData);
    }

    internal static void WriteValueInfo(ProtoWriter w, string name, OnnxElementType type, object[] dims)
    {
        w.String(1, name);
        w.Message(2, typeProto => typeProto.Message(1, tensorType =>
        {
            tensorType.Int64(1, (long)type);
            tensorType.Message(2, shape =>
            {
                foreach (var dim in dims)
                {
                    shape.Message(1, d =>
                    {
                        switch (dim)
                        {
                            case string symbol:
                                d.String(2, symbol);
                                break;
                            case int or long:
                                d.Int64(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                                break;
                            default:
                                throw new ArgumentException($"Dimension of '{name}' must be a number or a name.", nameof(dims));
                        }
                    });
                }
            });
        }));
    }
}
