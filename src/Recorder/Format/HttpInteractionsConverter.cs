namespace Courier.Recorder.Format;

/// <summary>
/// Reads the <c>http_interactions</c> layout of Ruby VCR 2.x+ (YAML; bodies as a bare string, <c>{encoding, string}</c>
/// or <c>{encoding, base64_string}</c>, <c>!binary</c> strings, <c>! '…'</c> non-specific tags) and of Betamax (JSON;
/// additionally <c>status_code</c>, header values as single strings, <c>url</c> in the response).
/// </summary>
internal static class HttpInteractionsConverter
{
    public static CassetteDto Read(YMapping root, NodeReader r, CassetteDialect dialect)
    {
        r.CheckKeys(root, "the cassette", "http_interactions", "recorded_with");
        var items = r.Seq(r.Required(root, "http_interactions", "the cassette"), "'http_interactions'");
        var interactions = new List<InteractionDto>(items.Items.Count);
        foreach (var item in items.Items)
        {
            var map = r.Map(item, "an interaction");
            r.CheckKeys(map, "an interaction", "request", "response", "recorded_at");
            var request = ReadRequest(r.Map(r.Required(map, "request", "the interaction"), "'request'"), r);
            var response = ReadResponse(r.Map(r.Required(map, "response", "the interaction"), "'response'"), r);
            interactions.Add(new InteractionDto(request, response, r.OptionalText(map, "recorded_at", "'recorded_at'"), map.Line));
        }

        return new CassetteDto(dialect, interactions);
    }

    private static RequestDto ReadRequest(YMapping map, NodeReader r)
    {
        r.CheckKeys(map, "a request", "method", "uri", "body", "headers");
        var method = r.Text(r.Required(map, "method", "the request"), "'method'").ToUpperInvariant();
        var uri = r.Text(r.Required(map, "uri", "the request"), "'uri'");
        return new RequestDto(method, uri, r.Headers(map.Get("headers"), "the request headers"), Body(map.Get("body"), map.Line, r, "the request body"), map.Line);
    }

    private static ResponseDto ReadResponse(YMapping map, NodeReader r)
    {
        r.CheckKeys(map, "a response", "status", "status_code", "headers", "body", "http_version", "url", "adapter_metadata");
        YNode code;
        string? message = null;
        if (map.Get("status") is YMapping status)
        {
            code = r.Required(status, "code", "'status'");
            message = r.OptionalText(status, "message", "the status message");
        }
        else
        {
            code = map.Get("status_code") ?? throw r.Error(map, "the response has no 'status' (or Betamax 'status_code')");
        }

        var headers = r.Headers(map.Get("headers"), "the response headers");
        return new ResponseDto(code.Line, r.Text(code, "the status code"), message, headers, Body(map.Get("body"), map.Line, r, "the response body"), map.Line)
        {
            HttpVersion = r.OptionalText(map, "http_version", "'http_version'"),
        };
    }

    private static BodyDto Body(YNode? node, int line, NodeReader r, string what)
    {
        if (node is not YMapping map)
        {
            return VcrPyConverter.Body(node, line, r, what);
        }

        r.CheckKeys(map, what, "encoding", "string", "base64_string");
        var charset = r.OptionalText(map, "encoding", $"the encoding of {what}");
        if (map.Get("base64_string") is { } base64)
        {
            return new BodyDto(null, r.Text(base64, $"'base64_string' of {what}"), charset, base64.Line);
        }

        var body = VcrPyConverter.Body(map.Get("string"), map.Line, r, what);
        return body with { Charset = charset };
    }
}
