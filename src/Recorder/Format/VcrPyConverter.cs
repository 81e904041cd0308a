namespace Courier.Recorder.Format;

/// <summary>
/// Reads vcrpy v1 cassettes (YAML block or flow style, or vcrpy's JSON serializer): <c>version: 1</c>,
/// <c>interactions</c>; responses as <c>status: {code, message}</c> + <c>body: {string}</c>, or vcrpy's pre-6.0 httpx
/// layout (<c>status_code</c>, <c>http_version</c>, <c>content</c> holding the already-decoded body); headers as a
/// mapping or as legacy <c>!!python/tuple</c> pairs.
/// </summary>
internal static class VcrPyConverter
{
    public static CassetteDto Read(YMapping root, NodeReader r, CassetteDialect dialect)
    {
        var version = root.Get("version");
        if (version is null)
        {
            throw r.Error(root, "no 'version' key: not a vcrpy v1 cassette (a vcrpy file from before 1.0 cannot be read; re-record it)");
        }

        if (version is not YScalar { Value: "1" })
        {
            throw r.Error(version, $"cassette version '{(version as YScalar)?.Value}' is not supported; Courier reads vcrpy cassette version 1");
        }

        r.CheckKeys(root, "the cassette", "version", "interactions");
        var items = r.Seq(r.Required(root, "interactions", "the cassette"), "'interactions'");
        var interactions = new List<InteractionDto>(items.Items.Count);
        foreach (var item in items.Items)
        {
            var map = r.Map(item, "an interaction");
            r.CheckKeys(map, "an interaction", "request", "response");
            var request = ReadRequest(r.Map(r.Required(map, "request", "the interaction"), "'request'"), r);
            var response = ReadResponse(r.Map(r.Required(map, "response", "the interaction"), "'response'"), r);
            interactions.Add(new InteractionDto(request, response.Response, response.RecordedAt, map.Line));
        }

        return new CassetteDto(dialect, interactions);
    }

    private static RequestDto ReadRequest(YMapping map, NodeReader r)
    {
        r.CheckKeys(map, "a request", "method", "uri", "body", "headers");
        var method = r.Text(r.Required(map, "method", "the request"), "'method'");
        var uri = r.Text(r.Required(map, "uri", "the request"), "'uri'");
        var body = Body(map.Get("body"), map.Line, r, "the request body");
        return new RequestDto(method, uri, r.Headers(map.Get("headers"), "the request headers"), body, map.Line);
    }

    private static ResponseWithTime ReadResponse(YMapping map, NodeReader r)
    {
        r.CheckKeys(map, "a response", "status", "headers", "body", "status_code", "http_version", "content", "recorded_at", "url", "elapsed_ms");
        var headers = r.Headers(map.Get("headers"), "the response headers");
        var version = r.OptionalText(map, "http_version", "'http_version'");
        var recordedAt = r.OptionalText(map, "recorded_at", "'recorded_at'");
        var elapsed = r.OptionalText(map, "elapsed_ms", "'elapsed_ms'");
        if (map.Get("status_code") is { } statusCode)
        {
            // vcrpy before 6.0 recorded httpx responses this way, with the body already decoded.
            var content = map.Get("content");
            var body = content is null ? BodyDto.None(map.Line) : Body(content, map.Line, r, "'content'");
            return new ResponseWithTime(new ResponseDto(statusCode.Line, r.Text(statusCode, "'status_code'"), null, headers, body, map.Line)
            {
                HttpVersion = version,
                ElapsedMs = elapsed,
                BodyDecoded = true,
            }, recordedAt);
        }

        var status = r.Map(r.Required(map, "status", "the response"), "'status'");
        var code = r.Required(status, "code", "'status'");
        var message = r.OptionalText(status, "message", "the status message");
        var responseBody = map.Get("body") switch
        {
            YMapping b when b.Has("string") => Body(b.Get("string"), b.Line, r, "the response body"),
            var other => Body(other, map.Line, r, "the response body"),
        };
        return new ResponseWithTime(new ResponseDto(code.Line, r.Text(code, "the status code"), message, headers, responseBody, map.Line)
        {
            HttpVersion = version,
            ElapsedMs = elapsed,
        }, recordedAt);
    }

    /// <summary>A vcrpy body value: null, text (also <c>!!python/unicode</c>) or <c>!!binary</c>.</summary>
    public static BodyDto Body(YNode? node, int line, NodeReader r, string what) => node switch
    {
        YMapping { Entries: [{ Key: "base64_string", Value: var b64 }] } => new BodyDto(null, r.Text(b64, $"'base64_string' of {what}"), null, b64.Line),
        null => BodyDto.None(line),
        YScalar s when s.IsNull => BodyDto.None(s.Line),
        YScalar { Tag: YamlTags.Binary or YamlTags.RubyBinary } s => new BodyDto(null, s.Value, null, s.Line),
        YScalar s => new BodyDto(s.Value, null, null, s.Line),
        _ => throw r.Error(node, $"{what} must be text, !!binary or null"),
    };

    /// <summary>A response plus the <c>recorded_at</c> Courier keeps inside it.</summary>
    private sealed record ResponseWithTime(ResponseDto Response, string? RecordedAt);
}
