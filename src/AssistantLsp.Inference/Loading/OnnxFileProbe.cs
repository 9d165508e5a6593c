namespace AssistantLsp.Inference.Loading;

/// <summary>
/// Checks that a file is plausibly an ONNX ModelProto without loading it: walks the top-level
/// protobuf fields (reading only their headers, so multi-GB files are cheap) and requires a
/// graph. Catches truncated downloads, HTML error pages and other files saved as model.onnx.
/// </summary>
internal static class OnnxFileProbe
{
    private const int GraphField = 7;

    /// <summary>Null when the file looks like an ONNX model, else what is wrong with it.</summary>
    public static string? Problem(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        if (stream.Length == 0)
        {
            return "the file is empty";
        }

        bool sawGraph = false;
        while (stream.Position < stream.Length)
        {
            long fieldStart = stream.Position;
            if (ReadVarint(stream) is not { } key)
            {
                return $"it is cut off at byte {fieldStart}";
            }

            long field = (long)(key >> 3);
            int wireType = (int)(key & 7);
            if (field is < 1 or > 100)
            {
                return $"byte {fieldStart} holds no valid ONNX field (field {field})";
            }

            long skip;
            switch (wireType)
            {
                case 0:
                    if (ReadVarint(stream) is null)
                    {
                        return $"it is cut off at byte {fieldStart}";
                    }

                    skip = 0;
                    break;
                case 1:
                    skip = 8;
                    break;
                case 2:
                    if (ReadVarint(stream) is not { } length || length > (ulong)(stream.Length - stream.Position))
                    {
                        return $"it is cut off: the field at byte {fieldStart} runs past the end of the file";
                    }

                    skip = (long)length;
                    sawGraph |= field == GraphField;
                    break;
                case 5:
                    skip = 4;
                    break;
                default:
                    return $"byte {fieldStart} is not protobuf data (wire type {wireType})";
            }

            if (stream.Position + skip > stream.Length)
            {
                return $"it is cut off at byte {fieldStart}";
            }

            stream.Seek(skip, SeekOrigin.Current);
        }

        return sawGraph ? null : "it holds no graph";
    }

    private static ulong? ReadVarint(Stream stream)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return null;
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        return null;
    }
}
