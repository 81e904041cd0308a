using System.Globalization;
using Courier.Recorder.Format;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using static Courier.Recorder.Format.YamlEmit;

namespace Courier.Recorder.Conversion;

/// <summary>
/// Writes interactions as a Ruby VCR cassette (the <c>http_interactions</c> layout of VCR 2 and later, read by VCR
/// 5 and 6): methods in lower case, header values as lists, bodies as <c>{encoding: UTF-8, string: …}</c> when they
/// are text and <c>{encoding: ASCII-8BIT, base64_string: …}</c> otherwise (byte-exact either way), <c>http_version</c>
/// without the <c>HTTP/</c> prefix, <c>recorded_at</c> as an HTTP date (VCR parses it with <c>Time.httpdate</c>) and a
/// final <c>recorded_with</c>. A request without a body is written <c>string: null</c> with no encoding, which both
/// VCR and Courier read back as "no body".
/// </summary>
public static class RubyVcrYamlWriter
{
    /// <summary>What <c>recorded_with</c> says.</summary>
    public const string RecordedWith = "Courier cassette convert (VCR 6 format)";

    /// <summary>The <c>recorded_at</c> written when an interaction has none (VCR requires one): the Unix epoch.</summary>
    public const string UnknownRecordedAt = "Thu, 01 Jan 1970 00:00:00 GMT";

    /// <summary>Writes the cassette to <paramref name="output"/>.</summary>
    /// <param name="interactions">The interactions, in order.</param>
    /// <param name="output">Where the YAML goes (UTF-8 text).</param>
    public static void Write(IReadOnlyList<Interaction> interactions, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(output);
        var e = new Emitter(output, bestIndent: 2, bestWidth: int.MaxValue);
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart(null, null, isImplicit: false));
        Map(e);
        Text(e, "http_interactions");
        e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
        foreach (var interaction in interactions)
        {
            Map(e);
            Text(e, "request");
            WriteRequest(e, interaction.Request);
            Text(e, "response");
            WriteResponse(e, interaction.Response);
            Text(e, "recorded_at");
            Text(e, HttpDate(interaction.Response.RecordedAt));
            e.Emit(new MappingEnd());
        }

        e.Emit(new SequenceEnd());
        Text(e, "recorded_with");
        Text(e, RecordedWith);
        e.Emit(new MappingEnd());
        e.Emit(new DocumentEnd(isImplicit: true));
        e.Emit(new StreamEnd());
    }

    /// <summary>The cassette as Ruby VCR YAML text.</summary>
    public static string ToYaml(IReadOnlyList<Interaction> interactions)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(interactions, writer);
        return writer.ToString();
    }

    /// <summary><paramref name="recordedAt"/> (ISO 8601 from Courier, or already an HTTP date) as an HTTP date.</summary>
    internal static string HttpDate(string? recordedAt)
    {
        if (recordedAt is null)
        {
            return UnknownRecordedAt;
        }

        return DateTimeOffset.TryParse(recordedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture)
            : UnknownRecordedAt;
    }

    private static void WriteRequest(Emitter e, RecordedRequest request)
    {
        Map(e);
        Text(e, "method");
        Text(e, request.Method.ToLowerInvariant());
        Text(e, "uri");
        Text(e, request.Uri);
        Text(e, "body");
        Body(e, request.Body);
        Text(e, "headers");
        Headers(e, request.Headers);
        e.Emit(new MappingEnd());
    }

    private static void WriteResponse(Emitter e, RecordedResponse response)
    {
        Map(e);
        Text(e, "status");
        Map(e);
        Text(e, "code");
        e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, response.StatusCode.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false));
        Text(e, "message");
        Text(e, response.ReasonPhrase ?? string.Empty);
        e.Emit(new MappingEnd());
        Text(e, "headers");
        Headers(e, response.Headers);
        Text(e, "body");
        Body(e, response.Body);
        Text(e, "http_version");
        if (response.HttpVersion is { } version)
        {
            Text(e, version.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) ? version[5..] : version);
        }
        else
        {
            Null(e);
        }

        e.Emit(new MappingEnd());
    }

    private static void Body(Emitter e, byte[]? body)
    {
        Map(e);
        if (body is null)
        {
            Text(e, "string");
            Null(e);
        }
        else if (HttpSyntax.IsText(body, out var text))
        {
            Text(e, "encoding");
            Text(e, "UTF-8");
            Text(e, "string");
            var style = YamlText.FitsLiteralBlock(text) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
            e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, false, true));
        }
        else
        {
            Text(e, "encoding");
            Text(e, "ASCII-8BIT");
            Text(e, "base64_string");
            var base64 = System.Convert.ToBase64String(body, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal);
            e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, base64 + "\n", ScalarStyle.Literal, false, true));
        }

        e.Emit(new MappingEnd());
    }

    private static void Map(Emitter e) => e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
}
