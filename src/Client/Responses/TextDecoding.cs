using System.Net.Http.Headers;
using System.Text;

namespace Courier;

/// <summary>Text decoding rules: the charset of <c>Content-Type</c>, else a BOM, else UTF-8.</summary>
internal static class TextDecoding
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // A response's BOM, when it has no charset: checked in this order (UTF-32 LE before UTF-16 LE, which it starts with).
    private static readonly (Encoding Encoding, byte[] Bom)[] Boms =
    [
        (new UTF32Encoding(false, false), [0xFF, 0xFE, 0x00, 0x00]),
        (new UTF32Encoding(true, false), [0x00, 0x00, 0xFE, 0xFF]),
        (Utf8, [0xEF, 0xBB, 0xBF]),
        (Encoding.Unicode, [0xFF, 0xFE]),
        (Encoding.BigEndianUnicode, [0xFE, 0xFF]),
    ];

    // The last Content-Type resolved: a client mostly sees the same few, and parsing one allocates.
    private static Resolved? s_last;

    public static string? CharsetOf(string? contentType) => Resolve(contentType).Charset;

    public static Encoding EncodingOf(string? contentType) => Resolve(contentType).Encoding;

    private static Resolved Resolve(string? contentType)
    {
        if (contentType is null)
        {
            return Resolved.None;
        }

        if (Volatile.Read(ref s_last) is { } last && string.Equals(last.ContentType, contentType, StringComparison.Ordinal))
        {
            return last;
        }

        var charset = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.CharSet?.Trim('"') : null;
        var resolved = new Resolved(contentType, charset, charset is null ? Utf8 : Lookup(charset));
        Volatile.Write(ref s_last, resolved);
        return resolved;
    }

    private static Encoding Lookup(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            // windows-1252, shift_jis, … come from the code-pages provider, used directly (registering it would
            // change the whole process); an unknown charset falls back to UTF-8.
            return CodePagesEncodingProvider.Instance.GetEncoding(charset) ?? Utf8;
        }
    }

    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var (_, charset, encoding) = Resolve(contentType);
        if (charset is not null)
        {
            var preamble = encoding.Preamble;
            if (bytes.StartsWith(preamble))
            {
                bytes = bytes[preamble.Length..];
            }

            return encoding.GetString(bytes);
        }

        var bom = DetectBom(bytes, out var length);
        return (bom ?? Utf8).GetString(bytes[length..]);
    }

    /// <summary>On the first chunk: drops a BOM and, when there is no charset, lets the BOM pick the decoder.</summary>
    public static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> first, string? contentType, ref Decoder decoder)
    {
        var bom = DetectBom(first.Span, out var length);
        if (bom is null)
        {
            return first;
        }

        if (CharsetOf(contentType) is null)
        {
            decoder = bom.GetDecoder();
        }

        return first[length..];
    }

    private static Encoding? DetectBom(ReadOnlySpan<byte> bytes, out int length)
    {
        var boms = bytes.Length >= 2 && bytes[0] is 0xFF or 0x00 or 0xEF or 0xFE ? Boms : [];
        foreach (var (encoding, bom) in boms)
        {
            if (bytes.StartsWith(bom))
            {
                length = bom.Length;
                return encoding;
            }
        }

        length = 0;
        return null;
    }

    private sealed record Resolved(string? ContentType, string? Charset, Encoding Encoding)
    {
        public static readonly Resolved None = new(null, null, Utf8);
    }
}
