using System.Text.Json;

namespace Courier.Recorder.Format;

/// <summary>
/// Writes vcrpy's v1 schema as JSON (vcrpy's <c>serializer="json"</c>). Text bodies are strings; a binary body, which
/// vcrpy's JSON serializer cannot hold, is written as Betamax's <c>{"base64_string": …}</c> so Courier reads it back.
/// </summary>
internal static class VcrPyJsonWriter
{
    public static void Write(IReadOnlyList<Interaction> interactions, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("interactions");
        foreach (var interaction in interactions)
        {
            w.WriteStartObject();
            w.WriteStartObject("request");
            w.WritePropertyName("body");
            Body(w, interaction.Request.Body, wrap: false);
            Headers(w, interaction.Request.Headers);
            w.WriteString("method", interaction.Request.Method);
            w.WriteString("uri", interaction.Request.Uri);
            w.WriteEndObject();
            WriteResponse(w, interaction.Response);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("version", 1);
        w.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter w, RecordedResponse response)
    {
        w.WriteStartObject("response");
        w.WritePropertyName("body");
        Body(w, response.Body, wrap: true);
        Headers(w, response.Headers);
        w.WriteStartObject("status");
        w.WriteNumber("code", response.StatusCode);
        w.WriteString("message", response.ReasonPhrase ?? string.Empty);
        w.WriteEndObject();
        if (response.HttpVersion is not null)
        {
            w.WriteString("http_version", response.HttpVersion);
        }

        if (response.Elapsed is { } elapsed)
        {
            w.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
        }

        if (response.RecordedAt is not null)
        {
            w.WriteString("recorded_at", response.RecordedAt);
        }

        w.WriteEndObject();
    }

    private static void Headers(Utf8JsonWriter w, RecordedHeaders headers)
    {
        w.WriteStartObject("headers");
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.Ordinal))
        {
            w.WriteStartArray(group.Key);
            foreach (var value in group.SelectMany(h => h.Values))
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Body(Utf8JsonWriter w, byte[]? body, bool wrap)
    {
        if (body is null)
        {
            w.WriteNullValue();
            return;
        }

        var isText = HttpSyntax.IsText(body, out var text);
        if (!isText)
        {
            w.WriteStartObject();
            w.WriteBase64String("base64_string", body);
            w.WriteEndObject();
            return;
        }

        if (wrap)
        {
            w.WriteStartObject();
            w.WriteString("string", text);
            w.WriteEndObject();
        }
        else
        {
            w.WriteStringValue(text);
        }
    }
}
