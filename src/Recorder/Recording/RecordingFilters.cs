using System.Text;
using System.Text.Json.Nodes;
using Courier.Recorder.Format;

namespace Courier.Recorder.Recording;

/// <summary>
/// The filters applied before recording — and to live requests before matching, so both sides compare filtered:
/// header redaction and removal, query and form field values, JSON members, placeholders for sensitive values.
/// </summary>
internal sealed class RecordingFilters(RecorderOptions options)
{
    public RecordedRequest Filter(RecordedRequest request)
    {
        var body = request.Body;
        if (body is not null && options.FilterFormFields.Count > 0 &&
            (request.Headers.Get("Content-Type") ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            body = Encoding.UTF8.GetBytes(FilterPairs(Encoding.UTF8.GetString(body), options.FilterFormFields));
        }

        return request with
        {
            Uri = Hide(FilterQuery(request.Uri)),
            Headers = FilterHeaders(request.Headers),
            Body = body is null ? null : HideBody(FilterJson(body)),
        };
    }

    public RecordedResponse Filter(RecordedResponse response) => response with
    {
        Headers = FilterHeaders(response.Headers),
        Body = HideBody(FilterJson(response.Body)),
    };

    /// <summary>Puts the real values back where placeholders were recorded (replay side).</summary>
    public RecordedResponse Restore(RecordedResponse response)
    {
        if (options.Placeholders.Count == 0)
        {
            return response;
        }

        return response with
        {
            Headers = response.Headers.MapValues((_, v) => Swap(v, toPlaceholder: false)),
            Body = HttpSyntax.IsText(response.Body, out var text) ? Encoding.UTF8.GetBytes(Swap(text, toPlaceholder: false)) : response.Body,
        };
    }

    private RecordedHeaders FilterHeaders(RecordedHeaders headers) =>
        headers.Without([.. options.RemoveHeaders]).MapValues((name, value) =>
            options.RedactHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ? options.RedactedValue : Swap(value, toPlaceholder: true));

    private string FilterQuery(string uri)
    {
        var q = uri.IndexOf('?', StringComparison.Ordinal);
        return q < 0 || options.FilterQueryParameters.Count == 0 ? uri : uri[..(q + 1)] + FilterPairs(uri[(q + 1)..], options.FilterQueryParameters);
    }

    private string FilterPairs(string pairs, IReadOnlyList<string> names) => string.Join('&', pairs.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
        return names.Contains(name, StringComparer.Ordinal) ? (eq < 0 ? pair : pair[..eq]) + "=" + Uri.EscapeDataString(options.RedactedValue) : pair;
    }));

    private byte[] FilterJson(byte[] body)
    {
        if (options.FilterJsonMembers.Count == 0 || Matching.JsonBodies.TryParse(body) is not { } node)
        {
            return body;
        }

        return Redact(node) ? Encoding.UTF8.GetBytes(node.ToJsonString()) : body;
    }

    private bool Redact(JsonNode node)
    {
        var changed = false;
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                if (options.FilterJsonMembers.Contains(name, StringComparer.Ordinal))
                {
                    obj[name] = options.RedactedValue;
                    changed = true;
                }
                else if (obj[name] is { } child)
                {
                    changed |= Redact(child);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                changed |= Redact(item);
            }
        }

        return changed;
    }

    private byte[] HideBody(byte[] body) =>
        options.Placeholders.Count > 0 && HttpSyntax.IsText(body, out var text) ? Encoding.UTF8.GetBytes(Hide(text)) : body;

    private string Hide(string text) => Swap(text, toPlaceholder: true);

    private string Swap(string text, bool toPlaceholder)
    {
        foreach (var (placeholder, secret) in options.Placeholders)
        {
            if (secret.Length == 0)
            {
                continue;
            }

            text = toPlaceholder
                ? text.Replace(secret, placeholder, StringComparison.Ordinal).Replace(Uri.EscapeDataString(secret), placeholder, StringComparison.Ordinal)
                : text.Replace(placeholder, secret, StringComparison.Ordinal);
        }

        return text;
    }
}
