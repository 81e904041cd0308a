using System.Text.Json.Nodes;

namespace Courier.Recorder.Matching;

/// <summary>The built-in matchers and the factory turning <see cref="RecorderOptions"/> into a matcher list.</summary>
internal static class Matchers
{
    public static IReadOnlyList<IInteractionMatcher> From(RecorderOptions options)
    {
        var list = new List<IInteractionMatcher>();
        var on = options.MatchOn;
        Add(on, MatchOn.Method, list, new Part("method", r => r.Request.Method, StringComparison.Ordinal));
        Add(on, MatchOn.Scheme, list, new Part("scheme", r => r.Uri.Scheme, StringComparison.OrdinalIgnoreCase));
        Add(on, MatchOn.Host, list, new Part("host", r => r.Uri.Host, StringComparison.OrdinalIgnoreCase));
        Add(on, MatchOn.Port, list, new Part("port", r => r.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Add(on, MatchOn.Path, list, new Part("path", r => r.Uri.AbsolutePath, StringComparison.Ordinal));
        Add(on, MatchOn.Query, list, new QueryMatcher());
        Add(on, MatchOn.Body, list, new BodyMatcher(json: false));
        Add(on, MatchOn.JsonBody, list, new BodyMatcher(json: true));
        list.AddRange(options.MatchHeaders.Select(h => new HeaderMatcher(h)));
        list.AddRange(options.CustomMatchers.Select(m => new Custom(m)));
        return list;
    }

    private static void Add(MatchOn on, MatchOn flag, List<IInteractionMatcher> list, IInteractionMatcher matcher)
    {
        if (on.HasFlag(flag))
        {
            list.Add(matcher);
        }
    }

    private sealed class Part(string name, Func<ParsedRequest, string> get, StringComparison comparison) : IInteractionMatcher
    {
        public string Name => name;

        public MatcherResult Match(ParsedRequest live, ParsedRequest recorded)
        {
            var (a, b) = (get(live), get(recorded));
            return string.Equals(a, b, comparison) ? MatcherResult.Yes : MatcherResult.No($"recorded '{b}', got '{a}'");
        }
    }

    private sealed class QueryMatcher : IInteractionMatcher
    {
        public string Name => "query";

        public MatcherResult Match(ParsedRequest live, ParsedRequest recorded)
        {
            if (live.Query.SequenceEqual(recorded.Query, StringComparer.Ordinal))
            {
                return MatcherResult.Yes;
            }

            var missing = recorded.Query.Except(live.Query, StringComparer.Ordinal).Select(Redaction.QueryPair);
            var extra = live.Query.Except(recorded.Query, StringComparer.Ordinal).Select(Redaction.QueryPair);
            return MatcherResult.No($"recorded but missing: [{string.Join(", ", missing)}]; not recorded: [{string.Join(", ", extra)}]");
        }
    }

    private sealed class BodyMatcher(bool json) : IInteractionMatcher
    {
        public string Name => json ? "json body" : "body";

        public MatcherResult Match(ParsedRequest live, ParsedRequest recorded)
        {
            var (a, b) = (live.Request.Body ?? [], recorded.Request.Body ?? []);
            if (a.AsSpan().SequenceEqual(b))
            {
                return MatcherResult.Yes;
            }

            if (JsonDiff.TryParse(a, out var liveJson) && JsonDiff.TryParse(b, out var recordedJson))
            {
                var diff = JsonDiff.Describe(recordedJson, liveJson);
                return json && diff is null ? MatcherResult.Yes : MatcherResult.No(diff ?? "same JSON, different bytes (match on JsonBody to ignore formatting)");
            }

            return MatcherResult.No($"recorded {b.Length} bytes, got {a.Length} bytes");
        }
    }

    private sealed class HeaderMatcher(string header) : IInteractionMatcher
    {
        public string Name => "header " + header;

        public MatcherResult Match(ParsedRequest live, ParsedRequest recorded)
        {
            var (a, b) = (live.Request.Headers.GetValues(header), recorded.Request.Headers.GetValues(header));
            return a.SequenceEqual(b, StringComparer.Ordinal)
                ? MatcherResult.Yes
                : MatcherResult.No($"recorded {Redaction.HeaderValues(header, b)}, got {Redaction.HeaderValues(header, a)}");
        }
    }

    private sealed class Custom(RequestMatcher matcher) : IInteractionMatcher
    {
        public string Name => matcher.Name;

        public MatcherResult Match(ParsedRequest live, ParsedRequest recorded) =>
            matcher.Matches(live.Request, recorded.Request) ? MatcherResult.Yes : MatcherResult.No("custom matcher said no");
    }
}

/// <summary>A structural JSON diff for mismatch reports, listing the first differing paths (values of secret-looking members masked).</summary>
internal static class JsonDiff
{
    public static bool TryParse(byte[] body, out JsonNode? node)
    {
        node = null;
        if (body.Length == 0 || body[0] is not ((byte)'{' or (byte)'[' or (byte)' ' or (byte)'\n'))
        {
            return false;
        }

        try
        {
            node = JsonNode.Parse(body, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Null when equal; else up to five differences as <c>$.path: recorded X, got Y</c>.</summary>
    public static string? Describe(JsonNode? recorded, JsonNode? live)
    {
        var differences = new List<string>();
        Walk("$", recorded, live, differences);
        return differences.Count == 0 ? null : "JSON differs at " + string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; … ({differences.Count} in all)" : "");
    }

    private static void Walk(string path, JsonNode? recorded, JsonNode? live, List<string> differences)
    {
        switch (recorded, live)
        {
            case (JsonObject r, JsonObject l):
                foreach (var name in r.Select(p => p.Key).Union(l.Select(p => p.Key)))
                {
                    var child = path + "." + name;
                    if (!l.ContainsKey(name))
                    {
                        differences.Add($"{child}: recorded, missing now");
                    }
                    else if (!r.ContainsKey(name))
                    {
                        differences.Add($"{child}: not recorded, present now");
                    }
                    else
                    {
                        Walk(child, r[name], l[name], differences);
                    }
                }

                break;
            case (JsonArray r, JsonArray l):
                if (r.Count != l.Count)
                {
                    differences.Add($"{path}: recorded {r.Count} items, got {l.Count}");
                }

                for (var i = 0; i < Math.Min(r.Count, l.Count); i++)
                {
                    Walk($"{path}[{i}]", r[i], l[i], differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(recorded, live))
                {
                    differences.Add($"{path}: recorded {Redaction.JsonValue(path, recorded)}, got {Redaction.JsonValue(path, live)}");
                }

                break;
        }
    }
}
