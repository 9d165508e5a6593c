using System.Text;

namespace AssistantLsp.ModelWriting.Gguf;

/// <summary>
/// The part of a GGUF v3 file every writer shares: typed metadata key-value pairs, then the header
/// (magic, version, counts, metadata, tensor infos) padded to the alignment. Subclasses decide how
/// tensor data follows (all in memory, or streamed). Little-endian throughout.
/// </summary>
internal abstract class GgufHeaderWriter
{
    public const uint Version = 3;
    public const int Alignment = 32;

    /// <summary>"GGUF" read as a little-endian uint32.</summary>
    public const uint Magic = 0x46554747;

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> WriteValue)> _metadata = [];
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

    public static long AlignUp(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    /// <summary>Writes the header and tensor infos (each tensor's data at the next aligned offset), then pads.</summary>
    protected void WriteHeader(BinaryWriter writer, IReadOnlyList<(string Name, long[] Dims, uint GgmlType, long ByteLength)> tensors)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, type, writeValue) in _metadata)
        {
            WriteString(writer, key);
            writer.Write((uint)type);
            writeValue(writer);
        }

        long offset = 0;
        foreach (var (name, dims, ggmlType, byteLength) in tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)dims.Length);
            foreach (var dim in dims)
            {
                writer.Write((ulong)dim);
            }

            writer.Write(ggmlType);
            writer.Write((ulong)offset);
            offset = AlignUp(offset + byteLength);
        }

        writer.Flush();
        Pad(writer, writer.BaseStream.Position);
    }

    /// <summary>Zero bytes from <paramref name="written"/> up to the next aligned length.</summary>
    protected static void Pad(BinaryWriter writer, long written)
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

    private void AddEntry(string key, GgufValueType type, Action<BinaryWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!_keys.Add(key))
        {
            throw new ArgumentException($"Metadata key '{key}' was already added.", nameof(key));
        }

        _metadata.Add((key, type, writeValue));
    }
}
