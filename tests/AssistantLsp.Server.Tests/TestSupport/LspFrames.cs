using System.Globalization;
using System.Text;

namespace AssistantLsp.Server.Tests.TestSupport;

/// <summary>Splits "Content-Length" framed messages off a byte buffer (the test side of the wire).</summary>
public static class LspFrames
{
    public static bool TryTake(List<byte> buffer, out string json)
    {
        json = "";
        var text = Encoding.ASCII.GetString([.. buffer]);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return false;
        }

        var lengthLine = text[..headerEnd].Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
        var bodyStart = headerEnd + 4;
        if (buffer.Count < bodyStart + length)
        {
            return false;
        }

        json = Encoding.UTF8.GetString([.. buffer.GetRange(bodyStart, length)]);
        buffer.RemoveRange(0, bodyStart + length);
        return true;
    }
}
