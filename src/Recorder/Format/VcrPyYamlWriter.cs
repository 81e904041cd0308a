using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using static Courier.Recorder.Format.YamlEmit;

namespace Courier.Recorder.Format;

/// <summary>
/// Writes vcrpy's v1 schema with YamlDotNet's emitter: <c>interactions</c> then <c>version: 1</c>; each request with
/// exactly <c>body</c>, <c>headers</c>, <c>method</c>, <c>uri</c>; Courier-only facts (<c>http_version</c>,
/// <c>recorded_at</c>) inside <c>response</c>. Text bodies are double-quoted (byte-exact), others <c>!!binary</c>;
/// every string that YAML 1.1 (PyYAML) could read as a number, boolean or null is quoted.
/// </summary>
internal static class VcrPyYamlWriter
{
    private static readonly TagName BinaryTag = new(YamlTags.Binary);

    public static void Write(IReadOnlyList<Interaction> interactions, TextWriter output)
    {
        var e = new Emitter(output, bestIndent: 2, bestWidth: int.MaxValue);
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart(null, null, isImplicit: true));
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        Key(e, "interactions");
        e.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
        foreach (var interaction in interactions)
        {
            e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
            Key(e, "request");
            WriteRequest(e, interaction.Request);
            Key(e, "response");
            WriteResponse(e, interaction.Response);
            e.Emit(new MappingEnd());
        }

        e.Emit(new SequenceEnd());
        Key(e, "version");
        e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "1", ScalarStyle.Plain, true, false));
        e.Emit(new MappingEnd());
        e.Emit(new DocumentEnd(isImplicit: true));
        e.Emit(new StreamEnd());
    }

    private static void WriteRequest(Emitter e, RecordedRequest request)
    {
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        Key(e, "body");
        Body(e, request.Body);
        Key(e, "headers");
        Headers(e, request.Headers);
        Key(e, "method");
        Text(e, request.Method);
        Key(e, "uri");
        Text(e, request.Uri);
        e.Emit(new MappingEnd());
    }

    private static void WriteResponse(Emitter e, RecordedResponse response)
    {
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        Key(e, "body");
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        Key(e, "string");
        Body(e, response.Body);
        e.Emit(new MappingEnd());
        Key(e, "headers");
        Headers(e, response.Headers);
        Key(e, "status");
        e.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block));
        Key(e, "code");
        e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, response.StatusCode.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false));
        Key(e, "message");
        Text(e, response.ReasonPhrase ?? string.Empty);
        e.Emit(new MappingEnd());
        if (response.HttpVersion is not null)
        {
            Key(e, "http_version");
            Text(e, response.HttpVersion);
        }

        if (response.Elapsed is { } elapsed)
        {
            Key(e, "elapsed_ms");
            e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false));
        }

        if (response.RecordedAt is not null)
        {
            Key(e, "recorded_at");
            Text(e, response.RecordedAt);
        }

        e.Emit(new MappingEnd());
    }

    private static void Body(Emitter e, byte[]? body)
    {
        if (body is null)
        {
            Null(e);
        }
        else if (HttpSyntax.IsText(body, out var text))
        {
            var style = YamlText.FitsLiteralBlock(text) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
            e.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, false, true));
        }
        else
        {
            var base64 = Convert.ToBase64String(body, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal);
            e.Emit(new Scalar(AnchorName.Empty, BinaryTag, base64, ScalarStyle.Literal, false, false));
        }
    }

    private static void Key(Emitter e, string key) => Text(e, key);
}
