using System.Diagnostics;

namespace Courier;

/// <summary>
/// An HTTP request: method, absolute URL, headers and an optional body. Build one with
/// <see cref="Client.BuildRequest"/> (which applies the client's base URL, headers, params and cookies) or directly.
/// </summary>
public sealed class Request
{
    private string _method;
    private Uri _url;

    /// <summary>Creates a request for an absolute URL.</summary>
    public Request(string method, Uri url, Headers? headers = null, Body? body = null)
    {
        HeaderValidation.ValidateMethod(method);
        ArgumentNullException.ThrowIfNull(url);
        _method = method.ToUpperInvariant();
        _url = UrlBuilder.RequireAbsolute(url);
        _headers = headers ?? new Headers();
        Body = body;
    }

    /// <summary>
    /// For <see cref="Client.BuildRequest"/>: the method was validated and upper-cased, the URL built and checked there.
    /// Read-only headers (a started client's own) are shared until <see cref="Headers"/> is first asked for, so a request
    /// nobody changes never copies them.
    /// </summary>
    internal Request(string method, Uri url, Headers headers, Body? body, bool validated)
    {
        Debug.Assert(validated && url.IsAbsoluteUri && string.Equals(method, method.ToUpperInvariant(), StringComparison.Ordinal), "Only for inputs already validated.");
        _method = method;
        _url = url;
        if (headers.IsReadOnly)
        {
            _sharedHeaders = headers;
        }
        else
        {
            _headers = headers;
        }

        Body = body;
    }

    /// <summary>Creates a request for an absolute URL given as text.</summary>
    public Request(string method, string url, Headers? headers = null, Body? body = null)
        : this(method, UrlBuilder.Parse(url), headers, body)
    {
    }

    /// <summary>The method, upper case (<c>GET</c>, <c>POST</c>, …).</summary>
    public string Method
    {
        get => _method;
        set
        {
            HeaderValidation.ValidateMethod(value);
            _method = value.ToUpperInvariant();
        }
    }

    /// <summary>The absolute URL.</summary>
    public Uri Url
    {
        get => _url;
        set => _url = UrlBuilder.RequireAbsolute(value);
    }

    /// <summary>The request headers (validated on entry).</summary>
    public Headers Headers => _headers ?? CopySharedHeaders();

    /// <summary>The headers to send, without copying shared ones (for readers that never change them).</summary>
    internal Headers HeadersToSend => _headers ?? _sharedHeaders!;

    private Headers? _headers;
    private readonly Headers? _sharedHeaders;

    private Headers CopySharedHeaders()
    {
        var copy = _sharedHeaders!.Clone();
        return Interlocked.CompareExchange(ref _headers, copy, null) ?? copy;
    }

    /// <summary>The body, or null.</summary>
    public Body? Body { get; set; }

    /// <summary>The body's bytes when it is in memory; empty when there is no body; throws for a stream body.</summary>
    public ReadOnlyMemory<byte> Content => Body is null
        ? ReadOnlyMemory<byte>.Empty
        : Body.Buffered ?? throw new StreamException("The request body is a stream; its bytes are not held in memory.", this);

    /// <summary>Per-request timeouts; null uses the client's.</summary>
    public Timeouts? Timeouts { get; set; }

    /// <summary>Free-form values carried with the request (httpx's <c>extensions</c>).</summary>
    public IDictionary<string, object?> Extensions => _extensions ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    private Dictionary<string, object?>? _extensions;

    internal Auth? Auth { get; set; }

    internal bool? FollowRedirects { get; set; }

    internal IReadOnlyDictionary<string, string>? ExplicitCookies { get; set; }

    /// <summary>Whether the <c>Cookie</c> header was computed by the client (and may be recomputed on a redirect).</summary>
    internal bool CookieHeaderFromJar { get; set; }

    /// <summary>A shallow copy with its own headers (the body object is shared).</summary>
    public Request Clone()
    {
        var copy = new Request(_method, _url, Headers.Clone(), Body)
        {
            Timeouts = Timeouts,
            Auth = Auth,
            FollowRedirects = FollowRedirects,
            ExplicitCookies = ExplicitCookies,
            CookieHeaderFromJar = CookieHeaderFromJar,
        };
        foreach (var (key, value) in _extensions ?? [])
        {
            copy.Extensions[key] = value;
        }

        return copy;
    }

    /// <summary><c>METHOD URL</c>.</summary>
    public override string ToString() => $"{Method} {Url}";
}
