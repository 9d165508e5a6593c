using AssistantLsp.ModelWriting.Gguf;

namespace AssistantLsp.ModelWriting.Tests.Gguf;

public sealed class GgufFileBuilderTests
{
    [Fact]
    public void Writes_a_version_3_header_typed_metadata_and_aligned_tensors()
    {
        var builder = new GgufFileBuilder();
        builder.Add("s", "héllo");
        builder.Add("u", 7u);
        builder.Add("i", -3);
        builder.Add("f", 1.5f);
        builder.Add("b", true);
        builder.Add("strings", ["a", "", "日本"]);
        builder.Add("ints", [1, -2, 3]);
        builder.AddTensor("odd", [1f, 2f, 3f], 3);
        builder.AddTensor("matrix", [.. Enumerable.Range(0, 6).Select(i => (float)i)], 3, 2);

        var bytes = Write(builder);
        var file = GgufTestReader.Read(bytes);

        Assert.Equal(3u, file.Version);
        Assert.Equal("héllo", file.Metadata["s"]);
        Assert.Equal(7u, file.Metadata["u"]);
        Assert.Equal(-3, file.Metadata["i"]);
        Assert.Equal(1.5f, file.Metadata["f"]);
        Assert.Equal(true, file.Metadata["b"]);
        Assert.Equal(new object[] { "a", "", "日本" }, file.Metadata["strings"]);
        Assert.Equal(new object[] { 1, -2, 3 }, file.Metadata["ints"]);
        Assert.Equal(["odd", "matrix"], file.Tensors.Select(t => t.Name));
        Assert.Equal([3UL, 2UL], file.Tensors[1].Shape);
        Assert.All(file.Tensors, t => Assert.Equal(0u, t.Type)); // F32
        Assert.Equal(0, file.DataStart % 32);
        Assert.All(file.Tensors, t => Assert.Equal(0UL, t.Offset % 32));
        Assert.Equal(32UL, file.Tensors[1].Offset); // 12 bytes padded to 32
        Assert.Equal([1f, 2f, 3f], file.TensorData(bytes, "odd"));
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], file.TensorData(bytes, "matrix"));
        Assert.Equal(file.DataStart + 64, file.FileLength);
    }

    [Fact]
    public void Refuses_duplicate_keys_and_tensors_and_wrong_shapes()
    {
        var builder = new GgufFileBuilder();
        builder.Add("k", 1);
        builder.AddTensor("t", [1f, 2f], 2);

        Assert.Throws<ArgumentException>(() => builder.Add("k", "again"));
        Assert.Throws<ArgumentException>(() => builder.AddTensor("t", [1f, 2f], 2));
        Assert.Throws<ArgumentException>(() => builder.AddTensor("u", [1f, 2f, 3f], 2, 2));
        Assert.Throws<ArgumentException>(() => builder.AddTensor("v", [1f], 1, 1, 1, 1, 1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 32)]
    [InlineData(32, 32)]
    [InlineData(33, 64)]
    public void Aligns_up_to_32_bytes(long offset, long expected)
    {
        Assert.Equal(expected, GgufFileBuilder.AlignUp(offset));
    }

    private static byte[] Write(GgufFileBuilder builder)
    {
        using var stream = new MemoryStream();
        builder.WriteTo(stream);
        return stream.ToArray();
    }
}
