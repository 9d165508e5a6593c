using System.Text;

namespace AssistantLsp.ModelWriting.Gguf;

/// <summary>GGUF metadata value types, numbered as the format defines them.</summary>
internal enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>
/// Collects metadata and F32 tensors in memory and writes them as one GGUF version 3 file: the
/// shared header (see <see cref="GgufHeaderWriter"/>), then tensor data, each tensor starting at
/// an aligned offset.
/// </summary>
internal sealed class GgufFileBuilder : GgufHeaderWriter
{
    private const uint GgmlTypeF32 = 0;

    private readonly List<(string Name, long[] Shape, float[] Data)> _tensors = [];

    /// <summary>
    /// Adds an F32 tensor. <paramref name="shape"/> is in GGML order: the first dimension is the
    /// contiguous one, so a matrix of <c>rows</c> x <c>columns</c> (row-major) is <c>[columns, rows]</c>.
    /// </summary>
    public void AddTensor(string name, float[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var elements = shape.Aggregate(1L, (a, b) => a * b);
        if (shape.Length is < 1 or > 4 || elements != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}' has {data.Length} values but shape [{string.Join(", ", shape)}].", nameof(shape));
        }

        if (_tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor '{name}' was already added.", nameof(name));
        }

        _tensors.Add((name, shape, data));
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteHeader(writer, [.. _tensors.Select(t => (t.Name, t.Shape, GgmlTypeF32, (long)t.Data.Length * sizeof(float)))]);
        foreach (var (_, _, data) in _tensors)
        {
            foreach (var value in data)
            {
                writer.Write(value);
            }

            Pad(writer, data.Length * sizeof(float));
        }
    }
}
