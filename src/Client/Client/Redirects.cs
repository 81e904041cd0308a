namespace Courier;

/// <summary>
/// Redirect rules: 301/302 turn POST into GET, 303 turns all but HEAD into GET, 307/308 keep method and body;
/// a rewritten request drops its body and body headers; <c>Authorization</c>, <c>Proxy-Authorization</c> and
/// <c>Cookie</c> are dropped when the origin changes or on an https→http downgrade (and stay dropped for the rest of
/// the chain); a relative <c>Location</c> is resolved against the request URL.
/// </summary>
internal static class Redirects
{
    private static readonly string[] BodyHeaders = ["Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Content-Language", "Content-Location", "Content-MD5"];
    private static readonly string[] CredentialHeaders = ["Authorization", "Proxy-Authorization", "Cookie"];

    public static bool IsRedirectStatus(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>Whether a hop from <paramref name="from"/> to <paramref name="to"/> leaves https for plain http.</summary>
    public static bool IsDowngrade(Uri from, Uri to) => from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp;

    /// <summary>The size of a response's head as it came (name, ": ", value, CRLF per line), for the redirect chain's limit.</summary>
    public static long HeaderBytes(Response response)
    {
        long total = 0;
        foreach (var (name, value) in response.Headers)
        {
            total += name.Length + value.Length + 4;
        }

        return total;
    }

    public static Request? TryBuildNext(Request request, Response response, Client client)
    {
        try
        {
            return BuildNext(request, response, client);
        }
        catch (RequestException)
        {
            return null;
        }
    }

    public static Request BuildNext(Request request, Response response, Client client)
    {
        var locations = response.Headers.GetValues("Location");
        if (locations.Count == 0)
        {
            throw new RemoteProtocolException($"The {response.StatusCode} redirect from {request.Method} {UrlBuilder.Redact(request.Url)} has no Location header.", request);
        }

        if (locations.Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new RemoteProtocolException($"The {response.StatusCode} redirect from {UrlBuilder.Redact(request.Url)} has {locations.Count} different Location headers.", request);
        }

        var location = locations[0].Trim();
        if (location.Length == 0 || location.Length > 16 * 1024 || !Uri.TryCreate(request.Url, location, out var target) || location.Any(char.IsControl))
        {
            throw new RemoteProtocolException($"The {response.StatusCode} redirect from {UrlBuilder.Redact(request.Url)} has an invalid Location header: '{HeaderValidation.Escape(location.Length > 200 ? location[..200] + "…" : location)}'.", request);
        }

        if (target.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException($"The {response.StatusCode} redirect from {UrlBuilder.Redact(request.Url)} points to the unsupported scheme '{target.Scheme}' ('{HeaderValidation.Escape(location)}'); only http and https are followed.", request);
        }

        if (string.IsNullOrEmpty(target.Fragment) && !string.IsNullOrEmpty(request.Url.Fragment))
        {
            target = new UriBuilder(target) { Fragment = request.Url.Fragment.TrimStart('#') }.Uri;
        }

        var method = request.Method;
        if ((response.StatusCode == 303 && method != "HEAD") || (response.StatusCode is 301 or 302 && method == "POST"))
        {
            method = "GET";
        }

        var next = request.Clone();
        next.Method = method;
        next.Url = target;
        if (method != request.Method)
        {
            next.Body = null;
            foreach (var header in BodyHeaders)
            {
                next.Headers.Remove(header);
            }
        }
        else if (request.Body is { IsReplayable: false })
        {
            throw new RequestException($"The {response.StatusCode} redirect from {request.Method} {UrlBuilder.Redact(request.Url)} to '{UrlBuilder.Redact(target)}' must re-send the request body, but it is a one-shot stream that was already sent. Use bytes or a seekable stream to follow {response.StatusCode} redirects.", request);
        }

        var sameOrigin = UrlBuilder.Origin(request.Url) == UrlBuilder.Origin(target);
        var downgrade = IsDowngrade(request.Url, target);
        var callerCookie = request.HeadersToSend.Contains("Cookie") && !request.CookieHeaderFromJar;
        if (!sameOrigin || downgrade)
        {
            foreach (var header in CredentialHeaders)
            {
                next.Headers.Remove(header);
            }

            // The call's own cookies stay with the origin they were meant for; the jar (scoped by domain and path)
            // still supplies the new origin's cookies, except on a downgrade to plain http.
            next.ExplicitCookies = null;
            next.CookieHeaderFromJar = false;
            if (!downgrade)
            {
                client.ApplyCookiesForRedirect(next, sameOrigin: false);
            }
        }
        else if (!callerCookie)
        {
            // Recomputed on every hop, so a cookie set by a redirect response is sent on the next one.
            client.ApplyCookiesForRedirect(next, sameOrigin: true);
        }

        next.Headers.Remove("Host");
        return next;
    }
}
