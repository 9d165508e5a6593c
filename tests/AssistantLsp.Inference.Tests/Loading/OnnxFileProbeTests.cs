using AssistantLsp.Inference.Loading;

namespace AssistantLsp.Inference.Tests.Loading;

[Collection(TestModelsCollection.Name)]
public sealed class OnnxFileProbeTests
{
    [Fact]
    public void Written_models_pass()
    {
        Assert.Null(OnnxFileProbe.Problem(Path.Combine(TestModels.Random.Directory, "model.onnx")));
        Assert.Null(OnnxFileProbe.Problem(Path.Combine(TestModels.Scripted.Directory, "model.onnx")));
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x08 }, "no graph")] // ir_version only
    [InlineData(new byte[] { 0x08 }, "cut off")]
    [InlineData(new byte[] { 0x3A, 0x10, 0x01 }, "runs past the end")] // graph field longer than the file
    [InlineData(new byte[] { 0x0F }, "not protobuf")] // wire type 7 does not exist
    [InlineData(new byte[] { 0x00 }, "no valid ONNX field")] // field number 0
    public void Damaged_files_are_described(byte[] content, string expected)
    {
        var path = Path.Combine(TestTemp.Root, $"probe-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, content);

        Assert.Contains(expected, OnnxFileProbe.Problem(path), StringComparison.Ordinal);
    }
}
