using AssistantLsp.ModelWriting.Contrib;

namespace AssistantLsp.ModelWriting.Tests.Contrib;

public sealed class GgufStreamWriterTests
{
    [Fact]
    public void Tensors_must_follow_the_plan()
    {
        using var writer = new GgufStreamWriter(new MemoryStream(), [new("a", [32], GgmlType.F32), new("b", [32, 2], GgmlType.Q4_0)]);
        writer.WriteHeader();

        Assert.Throws<InvalidOperationException>(() => writer.BeginTensor("b"));
        writer.WriteTensor("a", new float[32]);
        writer.BeginTensor("b");
        writer.Write(new byte[17]);
        Assert.Throws<InvalidOperationException>(writer.EndTensor);
        writer.Write(new byte[19]);
        writer.EndTensor();
        writer.Finish();
    }

    [Fact]
    public void Unfinished_file_is_reported()
    {
        using var writer = new GgufStreamWriter(new MemoryStream(), [new("a", [32], GgmlType.F32)]);
        writer.WriteHeader();

        Assert.Throws<InvalidOperationException>(writer.Finish);
    }

    [Fact]
    public void Q4_0_size_is_18_bytes_per_32_weights() =>
        Assert.Equal(18L * 2 * 4, new GgufTensorPlan("w", [64, 4], GgmlType.Q4_0).ByteLength);
}
