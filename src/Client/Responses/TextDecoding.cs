using System.Net.Http.Headers;
using System.Text;

namespace Courier;

/// <summary>Text decoding rules: the charset of <c>Content-Type</c>, else a BOM, else UTF-8.</summary>
internal static class TextDecoding
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        return parsed.CharSet?.Trim('"');
    }

    public static Encoding EncodingOf(string? contentType)
    {
        var charset = CharsetOf(contentType);
        if (charset is null)
        {
            return Utf8;
        }

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
        if (CharsetOf(contentType) is not null)
        {
            var encoding = EncodingOf(contentType);
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
        (Encoding Encoding, byte[] Bom)[] boms =
        [
            (new UTF32Encoding(false, false), [0xFF, 0xFE, 0x00, 0x00]),
            (new UTF32Encoding(true, false), [0x00, 0x00, 0xFE, 0xFF]),
            (Utf8, [0xEF, 0xBB, 0xBF]),
            (Encoding.Unicode, [0xFF, 0xFE]),
            (Encoding.BigEndianUnicode, [0xFE, 0xFF]),
        ];
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
}
