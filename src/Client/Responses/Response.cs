using System.Text.Json;

namespace Courier;

/// <summary>
/// An HTTP response: status, headers, the request it answers, the hops before it (<see cref="History"/>), and the
/// body, read whole (<see cref="Content"/>, <see cref="Text"/>, <see cref="Json{T}"/>) or streamed
/// (<see cref="IterBytesAsync"/>, <see cref="ReadLinesAsync"/>, <see cref="ReadEventsAsync"/>).
/// </summary>
public sealed partial class Response : IDisposable, IAsyncDisposable
{
    private Request? _request;

    /// <summary>Creates a response, for mocks and tests: <c>new Response(200, Body.Json(new { id = 1 }))</c>.</summary>
    public Response(int statusCode, Body? body = null, Headers? headers = null, string? reasonPhrase = null)
    {
        if (statusCode is < 100 or > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A status code has three digits (100 to 999).");
        }

        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? DefaultReason(statusCode);
        _headers = headers ?? new Headers();
        HttpVersion = "HTTP/1.1";
        if (body is not null)
        {
            if (body.ContentType is { } type && !Headers.Contains("Content-Type"))
            {
                Headers.Add("Content-Type", type);
            }

            if (body.Buffered is { } bytes)
            {
                _content = bytes.ToArray();
                if (!Headers.Contains("Content-Length") && !Headers.Contains("Transfer-Encoding"))
                {
                    Headers.Add("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                _bodySource = body;
            }
        }
        else
        {
            _content = [];
        }

        _timer = new ElapsedTimer(TimeProvider.System);
    }

    /// <summary>The status code (200, 404, …).</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase sent by the server (or the standard one).</summary>
    public string ReasonPhrase { get; internal set; }

    /// <summary>The protocol used: <c>HTTP/1.0</c>, <c>HTTP/1.1</c>, <c>HTTP/2</c> or <c>HTTP/3</c>.</summary>
    public string HttpVersion { get; internal set; }

    /// <summary>The response headers.</summary>
    /// <remarks>A transport's headers are copied into Courier's <see cref="Courier.Headers"/> on first use only.</remarks>
    public Headers Headers => _headers ?? CopyTransportHeaders();

    /// <summary>The request this response answers (for a redirect chain, the last hop's request).</summary>
    public Request Request
    {
        get => _request ?? throw new InvalidOperationException("This response has no request: it was created directly and not sent through a client or transport.");
        internal set => _request = value;
    }

    /// <summary>Whether a request is attached.</summary>
    public bool HasRequest => _request is not null;

    /// <summary>The responses of the redirects followed before this one, oldest first.</summary>
    public IReadOnlyList<Response> History { get; internal set; } = [];

    /// <summary>The request a redirect would send next, when the redirect was not followed; otherwise null.</summary>
    public Request? NextRequest { get; internal set; }

    /// <summary>From sending the request until the body was read (or until the head, while the body is unread).</summary>
    public TimeSpan Elapsed => _timer.Elapsed;

    /// <summary>The cookies this response set (its <c>Set-Cookie</c> headers).</summary>
    public Cookies Cookies => _cookies ??= Cookies.FromResponse(this);

    /// <summary>The parsed <c>Link</c> header, keyed by <c>rel</c> (or by URL when a link has no rel).</summary>
    public IReadOnlyDictionary<string, Link> Links => _links ??= Link.Parse(Headers.GetValues("Link"), _request?.Url);

    /// <summary>1xx.</summary>
    public bool IsInformational => StatusCode is >= 100 and < 200;

    /// <summary>2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>A redirect status (301, 302, 303, 307, 308) with a <c>Location</c> header.</summary>
    public bool IsRedirect => StatusCode is 301 or 302 or 303 or 307 or 308 && Headers.Contains("Location");

    /// <summary>4xx.</summary>
    public bool IsClientError => StatusCode is >= 400 and < 500;

    /// <summary>5xx.</summary>
    public bool IsServerError => StatusCode is >= 500 and < 600;

    /// <summary>4xx or 5xx.</summary>
    public bool IsError => StatusCode >= 400;

    /// <summary>The body, decoded (gzip, deflate, br), as text: charset from <c>Content-Type</c>, else a BOM, else UTF-8.</summary>
    public string Text => TextDecoding.Decode(Content.Span, ContentTypeHeader);

    /// <summary>The charset named by <c>Content-Type</c>, or null.</summary>
    public string? Charset => TextDecoding.CharsetOf(ContentTypeHeader);

    /// <summary>Deserializes the body with System.Text.Json (the client's <see cref="ClientOptions.JsonOptions"/> by default).</summary>
    public T? Json<T>(JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Content.Span, options ?? JsonOptions ?? Courier.ClientOptions.DefaultJsonOptions);
        }
        catch (JsonException ex)
        {
            throw new DecodingException($"The body of {Describe()} is not valid JSON for {typeof(T).Name}: {ex.Message}", _request, ex);
        }
    }

    /// <summary>
    /// Returns this response when it is 2xx; otherwise throws <see cref="HttpStatusException"/> with httpx's message,
    /// e.g. <c>Client error '404 Not Found' for url 'https://…'</c>.
    /// </summary>
    public Response EnsureSuccess()
    {
        if (IsSuccess)
        {
            return this;
        }

        throw new HttpStatusException(StatusMessages.For(this), Request, this);
    }

    /// <summary><c>&lt;Response [200 OK]&gt;</c>.</summary>
    public override string ToString() => $"<Response [{StatusCode} {ReasonPhrase}]>";

    /// <summary>The options of the client that received this response (JSON options, decoding limit).</summary>
    internal ClientOptions? ClientOptions { get; init; }

    internal JsonSerializerOptions? JsonOptions => ClientOptions?.JsonOptions;

    internal string Describe() => _request is null ? ToString() : $"{_request.Method} {UrlBuilder.Redact(_request.Url)} ({StatusCode})";

    internal static string DefaultReason(int statusCode) => StatusMessages.ReasonPhrase(statusCode);

    internal static string VersionText(Version version) => version.Major switch
    {
        1 => version.Minor == 0 ? "HTTP/1.0" : "HTTP/1.1",
        2 => "HTTP/2",
        3 => "HTTP/3",
        _ => $"HTTP/{version}",
    };

    private Cookies? _cookies;
    private IReadOnlyDictionary<string, Link>? _links;
}
