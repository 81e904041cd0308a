using System.Net.Http.Headers;
using System.Text;

namespace Courier.Mocking.Matching;

/// <summary>One part of a buffered <c>multipart/*</c> request body.</summary>
/// <param name="Name">The <c>name</c> of its <c>Content-Disposition</c>, or null.</param>
/// <param name="FileName">The <c>filename</c> of its <c>Content-Disposition</c>, or null.</param>
/// <param name="ContentType">Its <c>Content-Type</c>, or null.</param>
/// <param name="Content">Its bytes.</param>
public sealed record MultipartPart(string? Name, string? FileName, string? ContentType, ReadOnlyMemory<byte> Content)
{
    /// <summary>The content as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Content.Span);

    internal static MultipartPart[] Parse(ReadOnlyMemory<byte> body, string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return [];
        }

        var boundary = media.Parameters.FirstOrDefault(p => string.Equals(p.Name, "boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (string.IsNullOrEmpty(boundary))
        {
            return [];
        }

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.Span;
        var parts = new List<MultipartPart>();
        var start = span.IndexOf(delimiter);
        while (start >= 0)
        {
            var afterDelimiter = start + delimiter.Length;
            if (span[afterDelimiter..].StartsWith("--"u8))
            {
                break;
            }

            var next = span[afterDelimiter..].IndexOf(delimiter);
            if (next < 0)
            {
                break;
            }

            var partStart = afterDelimiter + SkipLineEnd(span[afterDelimiter..]);
            var partEnd = TrimLineEnd(span, afterDelimiter + next);
            parts.Add(ParsePart(body[partStart..Math.Max(partStart, partEnd)]));
            start = afterDelimiter + next;
        }

        return [.. parts];
    }

    private static MultipartPart ParsePart(ReadOnlyMemory<byte> part)
    {
        var span = part.Span;
        var split = span.IndexOf("\r\n\r\n"u8);
        var headerText = split < 0 ? string.Empty : Encoding.UTF8.GetString(span[..split]);
        var content = split < 0 ? part : part[(split + 4)..];
        string? name = null, fileName = null, type = null;
        foreach (var line in headerText.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                type = value;
            }
            else if (key.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase) && ContentDispositionHeaderValue.TryParse(value, out var disposition))
            {
                name = disposition.Name?.Trim('"');
                fileName = (disposition.FileNameStar ?? disposition.FileName)?.Trim('"');
            }
        }

        return new MultipartPart(name, fileName, type, content);
    }

    private static int SkipLineEnd(ReadOnlySpan<byte> span) => span.StartsWith("\r\n"u8) ? 2 : span.StartsWith("\n"u8) ? 1 : 0;

    private static int TrimLineEnd(ReadOnlySpan<byte> span, int end) =>
        end >= 2 && span[end - 2] == '\r' && span[end - 1] == '\n' ? end - 2 : end >= 1 && span[end - 1] == '\n' ? end - 1 : end;
}
