using System.Text;
using System.Text.Json;

namespace Courier.Mocking.WireMock;

/// <summary>A mapping's <c>response</c>: the fixed part as a <see cref="MockResponse"/>, plus what varies per call.</summary>
internal sealed record ResponsePlan(MockResponse Response, Func<TimeSpan>? RandomDelay, (int Chunks, TimeSpan Total)? Dribble, Uri? ProxyBase, IReadOnlyList<KeyValuePair<string, string>> ProxyHeaders)
{
    public bool IsStatic => RandomDelay is null && Dribble is null && ProxyBase is null;
}

/// <summary>Reads a mapping's <c>response</c> object.</summary>
internal static class MappingResponseReader
{
    private static readonly HashSet<string> Known =
    [
        "status", "statusMessage", "headers", "body", "jsonBody", "base64Body", "bodyFileName", "fixedDelayMilliseconds",
        "delayDistribution", "chunkedDribbleDelay", "fault", "proxyBaseUrl", "additionalProxyRequestHeaders",
    ];

    private static readonly string[] BodyKinds = ["body", "jsonBody", "base64Body", "bodyFileName"];

    public static ResponsePlan Read(JsonNode node, FilesRoot? files, Server.AddressAllowList proxyTargets)
    {
        node.OnlyKnown(Known, "response");
        var status = node.Get("status")?.Int(100, 999, "an HTTP status") ?? 200;
        var bodies = BodyKinds.Where(k => node.Get(k) is not null).ToArray();
        if (bodies.Length > 1)
        {
            throw node.Get(bodies[1])!.Value.Fail($"expected only one of {string.Join(", ", BodyKinds)}, but '{bodies[0]}' is given too");
        }

        var response = bodies.Length == 0 ? MockResponse.Status(status) : Body(bodies[0], node.Get(bodies[0])!.Value, status, files);
        if (node.Get("fault") is { } fault)
        {
            response = WireFaults.Response(Fault(fault));
        }

        if (node.Get("statusMessage") is { } message)
        {
            response = response.WithStatus(status, message.String());
        }

        foreach (var (name, value) in Headers(node.Get("headers")))
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && response.Content is { } content && value != content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw node.Get("headers")!.Value.Fail($"expected Content-Length to match the body's {content.Length} bytes, found {value} (leave it out: the server sets it)");
            }

            response = response.WithHeader(name, value);
        }

        if (node.Get("fixedDelayMilliseconds") is { } delay)
        {
            response = response.WithDelay(TimeSpan.FromMilliseconds(delay.Int(0, 600_000, "milliseconds")));
        }

        var proxy = node.Get("proxyBaseUrl") is { } proxyNode ? ProxyBase(proxyNode, proxyTargets) : null;
        return new ResponsePlan(
            response,
            node.Get("delayDistribution") is { } distribution ? DelayDistributions.Read(distribution) : null,
            node.Get("chunkedDribbleDelay") is { } dribble ? Dribble(dribble) : null,
            proxy,
            [.. Headers(node.Get("additionalProxyRequestHeaders"))]);
    }

    private static MockResponse Body(string kind, JsonNode value, int status, FilesRoot? files)
    {
        switch (kind)
        {
            case "body":
                return MockResponse.Bytes(Encoding.UTF8.GetBytes(value.String()), null, status);
            case "jsonBody":
                // WriteTo copies numbers as their original text, so 1234567890.12 and 2.0 come out exactly as written.
                using (var buffer = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(buffer))
                    {
                        value.Element.WriteTo(writer);
                    }

                    return MockResponse.Bytes(buffer.ToArray(), null, status);
                }

            case "base64Body":
                return MockResponse.Bytes(ValuePatternReader.Base64(value), null, status);
            default:
                if (files is null)
                {
                    throw value.Fail("bodyFileName needs a root folder with __files (load a folder, not a single file)");
                }

                var path = files.Resolve(value);
                return MockResponse.Stream(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true), null, status);
        }
    }

    private static WireFault Fault(JsonNode node) => node.String() switch
    {
        "CONNECTION_RESET_BY_PEER" => WireFault.ConnectionResetByPeer,
        "EMPTY_RESPONSE" => WireFault.EmptyResponse,
        "MALFORMED_RESPONSE_CHUNK" => WireFault.MalformedResponseChunk,
        "RANDOM_DATA_THEN_CLOSE" => WireFault.RandomDataThenClose,
        _ => throw node.Fail("expected one of CONNECTION_RESET_BY_PEER, EMPTY_RESPONSE, MALFORMED_RESPONSE_CHUNK, RANDOM_DATA_THEN_CLOSE"),
    };

    private static IEnumerable<KeyValuePair<string, string>> Headers(JsonNode? node)
    {
        if (node is not { } map)
        {
            yield break;
        }

        foreach (var (name, value) in map.Properties())
        {
            if (value.Kind == JsonValueKind.Array)
            {
                foreach (var item in value.Items())
                {
                    yield return new(name, Checked(name, item));
                }
            }
            else
            {
                yield return new(name, Checked(name, value));
            }
        }
    }

    /// <summary>A header that would emit invalid HTTP (CR, LF or NUL; a name that is not a token) is refused here, at load (stub server row 13).</summary>
    private static string Checked(string name, JsonNode value)
    {
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal)))
        {
            throw value.Fail($"expected a header name made of token characters, found '{name.ReplaceLineEndings(" ")}'");
        }

        var text = value.String();
        return text.IndexOfAny(['\r', '\n', '\0']) < 0
            ? text
            : throw value.Fail("expected a header value without CR, LF or NUL (they would inject headers into the response)");
    }

    private static (int, TimeSpan) Dribble(JsonNode node)
    {
        var chunks = (node.Get("numberOfChunks") ?? throw node.Fail("expected {\"numberOfChunks\": …, \"totalDuration\": …}")).Int(1, 100_000, "number of chunks");
        var total = (node.Get("totalDuration") ?? throw node.Fail("expected {\"numberOfChunks\": …, \"totalDuration\": …}")).Int(0, 600_000, "milliseconds");
        return (chunks, TimeSpan.FromMilliseconds(total));
    }

    /// <summary>
    /// The proxy base URL, when its host can be allowed at all: loopback, a literal address the allow-list covers, or a host
    /// it names. This is the early, friendly check; the binding one runs on every resolved address at connect time.
    /// </summary>
    private static Uri ProxyBase(JsonNode node, Server.AddressAllowList targets)
    {
        if (!Uri.TryCreate(node.String(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw node.Fail("expected an absolute http or https URL");
        }

        var host = url.IdnHost.Trim('[', ']');
        var allowed = targets.AllowAll || url.IsLoopback || targets.NamesHost(host)
            || (System.Net.IPAddress.TryParse(host, out var literal) && (System.Net.IPAddress.IsLoopback(Server.AddressAllowList.Normalize(literal)) || targets.Covers(literal)));
        if (!allowed)
        {
            throw new WireMockMappingException(node.File, node.Path,
                $"expected a loopback proxyBaseUrl (localhost, 127.0.0.1, ::1) or one MockServerOptions.ProxyAllowList allows, found {url.Host}: add it to MockServerOptions.ProxyAllowList (or set MockServerOptions.AllowProxyToAnyHost) to proxy elsewhere.");
        }

        return url;
    }
}
