using System.Text;
using System.Text.Json;

namespace Courier.Mocking.Matching;

/// <summary>
/// A request as matchers see it: method, URL parts, headers and the body, buffered once. Derived views (query,
/// cookies, text, JSON, form fields, multipart parts) are parsed on first use and cached, so many matchers can read
/// them without re-parsing. Immutable to matchers; safe to read from several threads.
/// </summary>
public sealed partial class RequestSnapshot
{
    private readonly KeyValuePair<string, string>[] _headers;
    private string? _path;
    private string? _pathAndQuery;
    private string? _text;
    private JsonElement? _json;
    private bool _jsonParsed;

    /// <summary>Creates a snapshot from parts (used by the recorder and by tests).</summary>
    public RequestSnapshot(string method, Uri url, IEnumerable<KeyValuePair<string, string>>? headers = null, ReadOnlyMemory<byte> body = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URL '{url}' must be absolute.", nameof(url));
        }

        Method = method.ToUpperInvariant();
        Url = url;
        _headers = headers is null ? [] : [.. headers];
        Body = body;
    }

    /// <summary>The method, upper case.</summary>
    public string Method { get; }

    /// <summary>The absolute URL.</summary>
    public Uri Url { get; }

    /// <summary>The scheme, lower case (<c>http</c>, <c>https</c>).</summary>
    public string Scheme => Url.Scheme;

    /// <summary>The host, lower case, without brackets for IPv6.</summary>
    public string Host => Url.IdnHost;

    /// <summary>The port (the scheme's default when the URL has none).</summary>
    public int Port => Url.Port;

    /// <summary>The path as sent (percent-encoded), starting with <c>/</c>.</summary>
    public string Path => _path ??= Url.AbsolutePath;

    /// <summary>The path and the query as sent, e.g. <c>/users?id=1</c>.</summary>
    public string PathAndQuery => _pathAndQuery ??= Url.PathAndQuery;

    /// <summary>The raw query without the leading <c>?</c>, or an empty string.</summary>
    public string RawQuery => Url.Query.Length > 0 ? Url.Query[1..] : string.Empty;

    /// <summary>All headers (request and content headers), in order, with repeated names kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The body bytes (empty when there is no body).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>Content-Type</c> header, or null.</summary>
    public string? ContentType => Header("Content-Type");

    /// <summary>The body decoded as UTF-8 text.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Body.Span);

    /// <summary>The body parsed as JSON, or null when it is empty or not JSON.</summary>
    public JsonElement? Json
    {
        get
        {
            if (!_jsonParsed)
            {
                _json = TryParseJson(Body);
                _jsonParsed = true;
            }

            return _json;
        }
    }

    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>All values of a header, in order.</summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        List<string>? values = null;
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                (values ??= []).Add(value);
            }
        }

        return values is null ? [] : values;
    }

    /// <summary>Builds a Courier <see cref="Request"/> with the same method, URL, headers and body.</summary>
    public Request ToRequest()
    {
        var headers = new Headers();
        foreach (var (name, value) in _headers)
        {
            headers.AddUnchecked(name, value);
        }

        return new Request(Method, Url, headers, Body.IsEmpty ? null : Courier.Body.Bytes(Body, ContentType));
    }

    /// <summary><c>METHOD URL</c>.</summary>
    public override string ToString() => $"{Method} {Url}";

    private static JsonElement? TryParseJson(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
