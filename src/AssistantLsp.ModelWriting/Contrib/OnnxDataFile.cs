namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>
/// The external data file beside model.onnx: tensors are appended (each at a 4 KiB-aligned
/// offset, so ONNX Runtime can map them) and registered with the graph as external initializers.
/// </summary>
internal sealed class OnnxDataFile : IDisposable
{
    private const int Alignment = 4096;

    private readonly FileStream _stream;
    private readonly ContribGraphBuilder _graph;
    private long _start = -1;

    public OnnxDataFile(string path, ContribGraphBuilder graph)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _graph = graph;
        Location = Path.GetFileName(path);
    }

    public string Location { get; }

    public void Begin()
    {
        var padding = (Alignment - (_stream.Position % Alignment)) % Alignment;
        for (long i = 0; i < padding; i++)
        {
            _stream.WriteByte(0);
        }

        _start = _stream.Position;
    }

    public void Write(ReadOnlySpan<byte> data) => _stream.Write(data);

    public void End(string name, OnnxElementType type, params long[] dims)
    {
        if (_start < 0)
        {
            throw new InvalidOperationException($"Tensor {name} ended without Begin.");
        }

        _graph.External(name, type, dims, Location, _start, _stream.Position - _start);
        _start = -1;
    }

    public void WriteFloats(string name, float[] values, params long[] dims)
    {
        Begin();
        Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        End(name, OnnxElementType.Float, dims);
    }

    public void Dispose() => _stream.Dispose();
}
