using System.Text.Unicode;

namespace Courier.Cli;

/// <summary>How a response body is shown: JSON (pretty), text (as is) or binary (summarised, never dumped).</summary>
internal enum BodyKind
{
    Empty,
    Json,
    Text,
    Binary,
}

internal static class BodyKinds
{
    private static readonly string[] TextTypes = ["json", "xml", "javascript", "ecmascript", "x-www-form-urlencoded", "yaml", "toml", "csv", "graphql", "sql"];

    /// <summary>Classifies by <c>Content-Type</c>, then by sniffing: a NUL byte or invalid UTF-8 means binary.</summary>
    public static BodyKind Classify(string? contentType, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return BodyKind.Empty;
        }

        var media = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var sample = body[..Math.Min(body.Length, 8192)];
        var hasNul = sample.Contains((byte)0);
        if (media.EndsWith("json", StringComparison.Ordinal) || media.EndsWith("+json", StringComparison.Ordinal))
        {
            return hasNul ? BodyKind.Binary : BodyKind.Json;
        }

        if (media.StartsWith("text/", StringComparison.Ordinal) || TextTypes.Any(t => media.Contains(t, StringComparison.Ordinal)))
        {
            return hasNul ? BodyKind.Binary : BodyKind.Text;
        }

        if (media.Length > 0 && !media.StartsWith("application/", StringComparison.Ordinal))
        {
            return BodyKind.Binary; // image/*, audio/*, video/*, font/*, …
        }

        if (media is "application/pdf" or "application/zip" or "application/gzip" || media.Contains("protobuf", StringComparison.Ordinal))
        {
            return BodyKind.Binary;
        }

        // No type, application/octet-stream (what many servers say for any unknown file) or another application/*: sniff.
        return hasNul || !Utf8.IsValid(TrimPartialCharacter(sample, body.Length)) ? BodyKind.Binary : BodyKind.Text;
    }

    /// <summary>A sample cut in the middle of a UTF-8 sequence is not invalid: drop up to 3 trailing bytes of it.</summary>
    private static ReadOnlySpan<byte> TrimPartialCharacter(ReadOnlySpan<byte> sample, int total)
    {
        if (sample.Length == total)
        {
            return sample;
        }

        var end = sample.Length;
        for (var i = 0; i < 3 && end > 0 && (sample[end - 1] & 0xC0) == 0x80; i++)
        {
            end--;
        }

        return end > 0 && sample[end - 1] >= 0xC0 ? sample[..(end - 1)] : sample[..end];
    }
}
