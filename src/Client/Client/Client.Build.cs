namespace Courier;

public sealed partial class Client
{
    /// <summary>
    /// Builds the request a call would send, without sending it: the URL joined to <see cref="BaseUrl"/> with the
    /// queries merged, the client's headers under the call's, and the jar's cookies plus the call's.
    /// </summary>
    public Request BuildRequest(string method, string url, Body? body = null, RequestOptions? options = null) =>
        BuildRequestCore(method, knownMethod: false, url, body, options);

    private Request BuildRequestCore(string method, bool knownMethod, string url, Body? body, RequestOptions? options)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!knownMethod)
        {
            HeaderValidation.ValidateMethod(method);
            method = method.ToUpperInvariant();
        }

        var uri = UrlBuilder.Build(_options.BaseUrl, url, _options.Params, options?.Params, _urls);
        // A started client's headers are read-only: the request shares them until it is changed (see Request.Headers).
        var headers = options?.Headers is null && _headers.IsReadOnly ? _headers : _headers.Merge(options?.Headers);
        if (body is JsonBody json && _options.JsonOptions is { } jsonOptions)
        {
            body = json.WithDefaultOptions(jsonOptions);
        }

        var request = new Request(method, uri, headers, body, validated: true)
        {
            Timeouts = options?.Timeouts,
        };
        request.Auth = options?.Auth;
        request.FollowRedirects = options?.FollowRedirects;
        request.ExplicitCookies = options?.Cookies;
        ApplyCookies(request, sameOriginAsExplicit: true);
        return request;
    }

    /// <summary>Sets the <c>Cookie</c> header from the jar (and the call's own cookies), unless the caller set one.</summary>
    private void ApplyCookies(Request request, bool sameOriginAsExplicit)
    {
        if (Cookies.IsEmpty && request.ExplicitCookies is not { Count: > 0 })
        {
            // Nothing to send from the jar (the common case: no header scan); a jar header of an earlier hop goes.
            if (request.CookieHeaderFromJar)
            {
                request.Headers.Remove("Cookie");
                request.CookieHeaderFromJar = false;
            }

            return;
        }

        if (!request.CookieHeaderFromJar && request.HeadersToSend.Contains("Cookie"))
        {
            // The caller's own Cookie header wins over the jar.
            return;
        }

        var parts = new List<string>();
        if (Cookies.HeaderFor(request.Url) is { } fromJar)
        {
            parts.Add(fromJar);
        }

        if (sameOriginAsExplicit && request.ExplicitCookies is { Count: > 0 } explicitCookies)
        {
            parts.Add(string.Join("; ", explicitCookies.Select(c => $"{c.Key}={c.Value}")));
        }

        request.Headers.Remove("Cookie");
        if (parts.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", parts));
            request.CookieHeaderFromJar = true;
        }
    }
}
