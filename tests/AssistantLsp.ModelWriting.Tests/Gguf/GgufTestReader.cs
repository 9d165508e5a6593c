using System.Text;
using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Tests.Gguf;

/// <summary>
/// An independent reader of the GGUF layout, written from the format description, so the writer's
/// bytes are checked by something other than the writer (and other than llama.cpp).
/// </summary>
internal sealed class GgufTestReader
{
    private GgufTestReader()
    {
    }

    public uint Version { get; private set; }

    public Dictionary<string, object> Metadata { get; } = new(StringComparer.Ordinal);

    public List<(string Name, ulong[] Shape, uint Type, ulong Offset)> Tensors { get; } = [];

    public long DataStart { get; private set; }

    public long FileLength { get; private set; }

    public static GgufTestReader Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var result = new GgufTestReader { FileLength = bytes.Length };
        Assert.Equal("GGUF", Encoding.ASCII.GetString(reader.ReadBytes(4)));
        result.Version = reader.ReadUInt32();
        var tensorCount = reader.ReadUInt64();
        var metadataCount = reader.ReadUInt64();
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = ReadString(reader);
            result.Metadata[key] = ReadValue(reader, (GgufValueType)reader.ReadUInt32());
        }

        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader);
            var shape = new ulong[reader.ReadUInt32()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = reader.ReadUInt64();
            }

            result.Tensors.Add((name, shape, reader.ReadUInt32(), reader.ReadUInt64()));
        }

        result.DataStart = (reader.BaseStream.Position + 31) / 32 * 32;
        return result;
    }

    public float[] TensorData(byte[] bytes, string name)
    {
        var tensor = Tensors.Single(t => t.Name == name);
        var count = (int)tensor.Shape.Aggregate(1UL, (a, b) => a * b);
        var values = new float[count];
        Buffer.BlockCopy(bytes, (int)(DataStart + (long)tensor.Offset), values, 0, count * sizeof(float));
        return values;
    }

    private static object ReadValue(BinaryReader reader, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => reader.ReadByte(),
        GgufValueType.Int8 => reader.ReadSByte(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadSingle(),
        GgufValueType.Bool => reader.ReadByte() != 0,
        GgufValueType.String => ReadString(reader),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadDouble(),
        GgufValueType.Array => ReadArray(reader),
        _ => throw new InvalidDataException($"Unknown GGUF value type {type}."),
    };

    private static object[] ReadArray(BinaryReader reader)
    {
        var type = (GgufValueType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        var items = new object[count];
        for (ulong i = 0; i < count; i++)
        {
            items[i] = ReadValue(reader, type);
        }

        return items;
    }

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes(checked((int)reader.ReadUInt64())));
}
