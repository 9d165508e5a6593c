using AssistantLsp.ModelWriting;

namespace AssistantLsp.ModelWriting.Tests;

public sealed class ProtoWriterTests
{
    [Theory]
    [InlineData(1, 150L, new byte[] { 0x08, 0x96, 0x01 })] // the protobuf documentation's example
    [InlineData(2, 0L, new byte[] { 0x10, 0x00 })]
    [InlineData(20, 7L, new byte[] { 0xA0, 0x01, 0x07 })] // field numbers above 15 take a two-byte key
    [InlineData(1, -1L, new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // negatives: ten bytes
    public void Int64_fields_are_varints(int field, long value, byte[] expected)
    {
        var writer = new ProtoWriter();

        writer.Int64(field, value);

        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void Float_fields_are_little_endian_fixed32()
    {
        var writer = new ProtoWriter();

        writer.Float(2, 1f);

        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, writer.ToArray());
    }

    [Fact]
    public void Strings_and_nested_messages_are_length_delimited()
    {
        var writer = new ProtoWriter();

        writer.Message(7, inner =>
        {
            inner.String(2, "é");
            inner.Int64(1, 3);
        });

        Assert.Equal(new byte[] { 0x3A, 0x06, 0x12, 0x02, 0xC3, 0xA9, 0x08, 0x03 }, writer.ToArray());
    }
}
