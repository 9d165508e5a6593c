using System.Text;

namespace AssistantLsp.Inference.ModelWriting.Gguf;

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
/// Collects metadata and F32 tensors and writes them as one GGUF version 3 file: header (magic,
/// version, tensor count, metadata count), typed key-value pairs, tensor infos, padding to the
/// alignment, then tensor data, each tensor starting at an aligned offset. Little-endian throughout.
/// </summary>
internal sealed class GgufFileBuilder
{
    public const uint Version = 3;
    public const int Alignment = 32;

    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    private const uint GgmlTypeF32 = 0;

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> WriteValue)> _metadata = [];
    private readonly List<(string Name, long[] Shape, float[] Data)> _tensors = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public void Add(string key, string value) =>
        AddEntry(key, GgufValueType.String, w => WriteString(w, value));

    public void Add(string key, uint value) => AddEntry(key, GgufValueType.UInt32, w => w.Write(value));

    public void Add(string key, int value) => AddEntry(key, GgufValueType.Int32, w => w.Write(value));

    public void Add(string key, float value) => AddEntry(key, GgufValueType.Float32, w => w.Write(value));

    public void Add(string key, bool value) => AddEntry(key, GgufValueType.Bool, w => w.Write((byte)(value ? 1 : 0)));

    public void Add(string key, IReadOnlyList<string> values) => AddEntry(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.String);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    });

    public void Add(string key, IReadOnlyList<int> values) => AddEntry(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

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
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, type, writeValue) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)type);
            writeValue(writer);
        }

        long offset = 0;
        foreach (var (name, shape, data) in _tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(GgmlTypeF32);
            writer.Write((ulong)offset);
            offset = AlignUp(offset + (data.Length * sizeof(float)));
        }

        writer.Flush();
        Pad(writer, stream.Position);
        foreach (var (_, _, data) in _tensors)
        {
            foreach (var value in data)
            {
                writer.Write(value);
            }

            Pad(writer, data.Length * sizeof(float));
        }
    }

    public static long AlignUp(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private void AddEntry(string key, GgufValueType type, Action<BinaryWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add((key, type, writeValue));
    }

    private static void Pad(BinaryWriter writer, long written)
    {
        for (var i = written; i < AlignUp(written); i++)
        {
            writer.Write((byte)0);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
