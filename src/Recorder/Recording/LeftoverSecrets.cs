using System.Text;
using System.Text.Json.Nodes;
using Courier.Recorder.Format;
using Courier.Recorder.Matching;

namespace Courier.Recorder.Recording;

/// <summary>
/// Rewrites secrets the filters left behind to <see cref="RecorderOptions.RedactedValue"/> (the Azure test-proxy
/// model): URL userinfo; values of <see cref="RecorderOptions.RedactHeaders"/>; query parameters, form fields and JSON
/// members named in <see cref="RecorderOptions.SecretNames"/>; and bearer tokens, JWTs and cloud keys anywhere in
/// headers, URLs and text bodies. Applied to loaded cassettes, to live requests before matching (so both sides
/// compare rewritten) and to every interaction before it is saved. Findings name the place, never the value.
/// </summary>
internal sealed class LeftoverSecrets(RecorderOptions options)
{
    public Interaction Rewrite(Interaction interaction, int index, List<string>? findings) =>
        new(Rewrite(interaction.Request, index, findings), Rewrite(interaction.Response, index, findings));

    public RecordedRequest Rewrite(RecordedRequest request, int index, List<string>? findings)
    {
        var report = new Reporter(index, "request", findings);
        return request with
        {
            Uri = Uri(request.Uri, report),
            Headers = Headers(request.Headers, report),
            Body = request.Body is null ? null : Body(request.Body, request.Headers.Get("Content-Type"), report),
        };
    }

    public RecordedResponse Rewrite(RecordedResponse response, int index, List<string>? findings)
    {
        var report = new Reporter(index, "response", findings);
        return response with { Headers = Headers(response.Headers, report), Body = Body(response.Body, null, report) };
    }

    private string Uri(string uri, Reporter report)
    {
        if (!System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return uri;
        }

        if (parsed.UserInfo.Length > 0)
        {
            report.Add("URI userinfo (user:password@)");
            uri = new UriBuilder(parsed) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        }

        var q = uri.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? uri : uri[..(q + 1)] + Pairs(uri[(q + 1)..], "query parameter", report);
    }

    private string Pairs(string pairs, string what, Reporter report) => string.Join('&', pairs.Split('&').Select(pair =>
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return pair;
        }

        var name = Unescape(pair[..eq]);
        var value = Unescape(pair[(eq + 1)..]);
        if (IsSecretName(name) && !IsRedacted(value))
        {
            report.Add($"{what} '{name}'");
            return pair[..eq] + "=" + System.Uri.EscapeDataString(options.RedactedValue);
        }

        if (SecretScanner.KindOf(value) is { } kind)
        {
            report.Add($"{what} '{name}' ({kind})");
            return pair[..eq] + "=" + System.Uri.EscapeDataString(SecretScanner.ReplaceSecretValues(value, options.RedactedValue));
        }

        return pair;
    }));

    private RecordedHeaders Headers(RecordedHeaders headers, Reporter report) => headers.MapValues((name, value) =>
    {
        if (options.RedactHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            if (IsRedacted(value))
            {
                return value;
            }

            report.Add($"header '{name}' (a credential, cookie or API-key header)");
            return options.RedactedValue;
        }

        if (SecretScanner.KindOf(value) is { } kind)
        {
            report.Add($"header '{name}' ({kind})");
            return SecretScanner.ReplaceSecretValues(value, options.RedactedValue);
        }

        return value;
    });

    private byte[] Body(byte[] body, string? requestContentType, Reporter report)
    {
        if (body.Length == 0 || !HttpSyntax.IsText(body, out var text))
        {
            return body;
        }

        if (JsonBodies.TryParse(body) is { } node)
        {
            var before = report.Count;
            Json(node, "$", report);
            return report.Count == before ? body : Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        if (requestContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var rewritten = Pairs(text, "form field", report);
            return rewritten == text ? body : Encoding.UTF8.GetBytes(rewritten);
        }

        if (SecretScanner.KindOf(text) is { } kind)
        {
            report.Add($"body ({kind})");
            return Encoding.UTF8.GetBytes(SecretScanner.ReplaceSecretValues(text, options.RedactedValue));
        }

        return body;
    }

    private void Json(JsonNode node, string path, Reporter report)
    {
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Select(p => p.Key).ToList())
            {
                var child = obj[name];
                if (IsSecretName(name) && child is JsonValue value && !(value.TryGetValue<string>(out var s) && IsRedacted(s)))
                {
                    report.Add($"JSON member '{path}.{name}'");
                    obj[name] = options.RedactedValue;
                }
                else if (child is JsonValue text && text.TryGetValue<string>(out var str) && SecretScanner.KindOf(str) is { } kind)
                {
                    report.Add($"JSON member '{path}.{name}' ({kind})");
                    obj[name] = SecretScanner.ReplaceSecretValues(str, options.RedactedValue);
                }
                else if (child is not null)
                {
                    Json(child, $"{path}.{name}", report);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonValue text && text.TryGetValue<string>(out var str) && SecretScanner.KindOf(str) is { } kind)
                {
                    report.Add($"JSON member '{path}[{i}]' ({kind})");
                    array[i] = SecretScanner.ReplaceSecretValues(str, options.RedactedValue);
                }
                else if (array[i] is { } child)
                {
                    Json(child, $"{path}[{i}]", report);
                }
            }
        }
    }

    private bool IsSecretName(string name) => options.SecretNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private bool IsRedacted(string value) => string.Equals(value, options.RedactedValue, StringComparison.Ordinal);

    private static string Unescape(string text)
    {
        try
        {
            return System.Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }

    /// <summary>Collects findings as <c>interaction #3: request header 'Authorization' (…)</c>.</summary>
    private sealed class Reporter(int index, string side, List<string>? findings)
    {
        public int Count { get; private set; }

        public void Add(string place)
        {
            Count++;
            findings?.Add($"interaction #{index + 1}: {side} {place}");
        }
    }
}
