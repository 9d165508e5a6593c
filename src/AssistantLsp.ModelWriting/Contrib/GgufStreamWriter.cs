using System.Runtime.InteropServices;
using System.Text;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Contrib;

/// <summary>GGML tensor types this writer stores, numbered as GGUF does.</summary>
internal enum GgmlType : uint
{
    F32 = 0,
    Q4_0 = 2,
}

/// <summary>One planned tensor: dimensions in GGML order (contiguous first).</summary>
internal sealed record GgufTensorPlan(string Name, long[] Dims, GgmlType Type)
{
    public long Elements => Dims.Aggregate(1L, (a, b) => a * b);

    public long ByteLength => Type == GgmlType.F32 ? Elements * sizeof(float) : Int4Matrix.Q4_0Length(Elements);
}

/// <summary>
/// Writes a GGUF v3 file whose tensors are streamed one by one (the plan fixes every offset up
/// front), so multi-gigabyte models never sit in memory whole. Metadata is written with the
/// header; each <see cref="WriteTensor"/> must follow the plan's order and sizes.
/// </summary>
internal sealed class GgufStreamWriter : GgufHeaderWriter, IDisposable
{
    private readonly BinaryWriter _writer;
    private readonly IReadOnlyList<GgufTensorPlan> _plan;
    private int _next = -1;
    private bool _open;
    private long _written;

    public GgufStreamWriter(Stream stream, IReadOnlyList<GgufTensorPlan> plan)
    {
        _writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false);
        _plan = plan;
    }

    /// <summary>Writes header, metadata and tensor infos; call once, after every <c>Add</c>.</summary>
    public void WriteHeader()
    {
        WriteHeader(_writer, [.. _plan.Select(t => (t.Name, t.Dims, (uint)t.Type, t.ByteLength))]);
        _next = 0;
    }

    /// <summary>Starts the next planned tensor; its bytes follow in one or more <see cref="Write"/> calls.</summary>
    public void BeginTensor(string name)
    {
        if (_next < 0 || _next >= _plan.Count || _plan[_next].Name != name || _open)
        {
            var expected = _next >= 0 && _next < _plan.Count ? _plan[_next].Name : "nothing";
            throw new InvalidOperationException($"GGUF tensor {name} written out of plan; expected {expected}.");
        }

        _open = true;
        _written = 0;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        _writer.Write(data);
        _written += data.Length;
    }

    public void EndTensor()
    {
        var tensor = _plan[_next];
        if (!_open || _written != tensor.ByteLength)
        {
            throw new InvalidOperationException($"GGUF tensor {tensor.Name}: {_written} bytes written, the plan says {tensor.ByteLength}.");
        }

        Pad(_writer, _written);
        _open = false;
        _next++;
    }

    public void WriteTensor(string name, float[] values)
    {
        BeginTensor(name);
        Write(MemoryMarshal.AsBytes(values.AsSpan()));
        EndTensor();
    }

    /// <summary>Checks that every planned tensor was written and flushes.</summary>
    public void Finish()
    {
        if (_next != _plan.Count)
        {
            throw new InvalidOperationException($"GGUF file finished after {Math.Max(0, _next)} of {_plan.Count} tensors.");
        }

        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
