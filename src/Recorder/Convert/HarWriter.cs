using System.Globalization;
using System.Text.Json;
using Courier.Recorder.Format;

namespace Courier.Recorder.Conversion;

/// <summary>
/// Writes interactions as an HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/): one entry per
/// interaction with every field the specification requires. Text bodies are written as text; other bodies as base64
/// (<c>content.encoding: "base64"</c> for responses; for request bodies, which HAR 1.2 gives no encoding field, the
/// custom field <c>_encoding: "base64"</c>). Sizes Courier does not know (header sizes) are -1, as the specification
/// allows; <c>startedDateTime</c> is the recorded time, or the Unix epoch when the cassette has none.
/// </summary>
public static class HarWriter
{
    /// <summary>The <c>startedDateTime</c> of an interaction without a recorded time.</summary>
    public const string UnknownStartedDateTime = "1970-01-01T00:00:00.000Z";

    /// <summary>Writes the archive as UTF-8 JSON to <paramref name="output"/>.</summary>
    /// <param name="interactions">The interactions, in order.</param>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="indented">Indent the JSON (default true).</param>
    public static void Write(IReadOnlyList<Interaction> interactions, Stream output, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(output);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteStartObject("log");
        w.WriteString("version", "1.2");
        w.WriteStartObject("creator");
        w.WriteString("name", "Courier");
        w.WriteString("version", typeof(HarWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        w.WriteEndObject();
        w.WriteStartArray("entries");
        foreach (var interaction in interactions)
        {
            Entry(w, interaction);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Entry(Utf8JsonWriter w, Interaction interaction)
    {
        var (request, response) = (interaction.Request, interaction.Response);
        var elapsed = response.Elapsed?.TotalMilliseconds ?? 0;
        w.WriteStartObject();
        w.WriteString("startedDateTime", Started(response.RecordedAt));
        w.WriteNumber("time", Math.Round(elapsed, 3));
        WriteRequest(w, request, response.HttpVersion);
        WriteResponse(w, response);
        w.WriteStartObject("cache");
        w.WriteEndObject();
        w.WriteStartObject("timings");
        w.WriteNumber("send", 0);
        w.WriteNumber("wait", Math.Round(elapsed, 3));
        w.WriteNumber("receive", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter w, RecordedRequest request, string? httpVersion)
    {
        w.WriteStartObject("request");
        w.WriteString("method", request.Method);
        w.WriteString("url", request.Uri);
        w.WriteString("httpVersion", Version(httpVersion));
        Cookies(w, request.Headers.GetValues("Cookie").SelectMany(v => v.Split(';')));
        Headers(w, request.Headers);
        w.WriteStartArray("queryString");
        var query = Uri.TryCreate(request.Uri, UriKind.Absolute, out var uri) ? uri.Query.TrimStart('?') : string.Empty;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            w.WriteStartObject();
            w.WriteString("name", Unescape(eq < 0 ? pair : pair[..eq]));
            w.WriteString("value", eq < 0 ? string.Empty : Unescape(pair[(eq + 1)..]));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (request.Body is { } body)
        {
            w.WriteStartObject("postData");
            w.WriteString("mimeType", request.Headers.Get("Content-Type") ?? string.Empty);
            if (HttpSyntax.IsText(body, out var text))
            {
                w.WriteString("text", text);
            }
            else
            {
                w.WriteString("text", System.Convert.ToBase64String(body));
                w.WriteString("_encoding", "base64");
            }

            w.WriteEndObject();
        }

        w.WriteNumber("headersSize", -1);
        w.WriteNumber("bodySize", request.Body?.Length ?? 0);
        w.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter w, RecordedResponse response)
    {
        w.WriteStartObject("response");
        w.WriteNumber("status", response.StatusCode);
        w.WriteString("statusText", response.ReasonPhrase ?? string.Empty);
        w.WriteString("httpVersion", Version(response.HttpVersion));
        Cookies(w, response.Headers.GetValues("Set-Cookie").Select(v => v.Split(';')[0]));
        Headers(w, response.Headers);
        w.WriteStartObject("content");
        w.WriteNumber("size", response.Body.Length);
        w.WriteString("mimeType", response.Headers.Get("Content-Type") ?? string.Empty);
        if (HttpSyntax.IsText(response.Body, out var text))
        {
            w.WriteString("text", text);
        }
        else
        {
            w.WriteString("text", System.Convert.ToBase64String(response.Body));
            w.WriteString("encoding", "base64");
        }

        w.WriteEndObject();
        w.WriteString("redirectURL", response.Headers.Get("Location") ?? string.Empty);
        w.WriteNumber("headersSize", -1);
        w.WriteNumber("bodySize", response.Body.Length);
        w.WriteEndObject();
    }

    private static void Headers(Utf8JsonWriter w, RecordedHeaders headers)
    {
        w.WriteStartArray("headers");
        foreach (var header in headers)
        {
            foreach (var value in header.Values)
            {
                w.WriteStartObject();
                w.WriteString("name", header.Name);
                w.WriteString("value", value);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }

    private static void Cookies(Utf8JsonWriter w, IEnumerable<string> pairs)
    {
        w.WriteStartArray("cookies");
        foreach (var pair in pairs.Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            w.WriteStartObject();
            w.WriteString("name", eq < 0 ? pair : pair[..eq].Trim());
            w.WriteString("value", eq < 0 ? string.Empty : pair[(eq + 1)..].Trim());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Started(string? recordedAt) =>
        recordedAt is not null && DateTimeOffset.TryParse(recordedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : UnknownStartedDateTime;

    private static string Version(string? version) => version switch
    {
        null => "HTTP/1.1",
        _ when version.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) => version.ToUpperInvariant(),
        _ => "HTTP/" + version,
    };

    private static string Unescape(string value)
    {
        try
        {
            return Uri.UnescapeDataString(value.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return value;
        }
    }
}
