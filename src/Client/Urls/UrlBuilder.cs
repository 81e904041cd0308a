namespace Courier;

/// <summary>
/// URL rules of the client. Joining: a relative URL is appended to the base URL's path, whether or not it starts
/// with <c>/</c> (httpx's rule: base <c>https://api/v1</c> + <c>/users</c> = <c>https://api/v1/users</c>); an absolute
/// URL ignores the base, and a network-path reference <c>//host/path</c> keeps only the base's scheme (RFC 3986). Query merging: the URL's own query, the client's params and the request's params are
/// combined; a name set by a later source (client params, then the URL's own query, then request params) replaces
/// every value of that name from the sources before it, and different names are all kept, in order.
/// </summary>
internal static class UrlBuilder
{
    public static Uri Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        HeaderValidation.ValidateUrlText(url);
        return ParseValidated(url);
    }

    /// <summary><see cref="Parse"/> for text already checked by <see cref="HeaderValidation.ValidateUrlText"/>.</summary>
    private static Uri ParseValidated(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.IsFile || !HasHost(uri))
        {
            throw new InvalidUrlException($"Invalid URL '{url}': expected an absolute URL such as 'https://example.com/path'.", url);
        }

        return uri;
    }

    public static Uri RequireAbsolute(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new InvalidUrlException($"Invalid URL '{url}': a request needs an absolute URL (or a client BaseUrl to join it to).", url.OriginalString);
        }

        HeaderValidation.ValidateUrlText(url.OriginalString);
        return url;
    }

    /// <summary>
    /// Joins <paramref name="url"/> to <paramref name="baseUrl"/> and merges the query sources. With a
    /// <paramref name="cache"/>, a URL text resolved before against the same base is not checked, joined or parsed again.
    /// </summary>
    public static Uri Build(Uri? baseUrl, string url, QueryParams? clientParams, QueryParams? requestParams, UrlCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var target = cache?.Find(baseUrl, url) ?? Resolve(baseUrl, url, cache);
        if ((clientParams is null || clientParams.Count == 0) && (requestParams is null || requestParams.Count == 0))
        {
            return target;
        }

        var merged = MergeQuery(clientParams, QueryParams.Parse(target.Query), requestParams);
        var builder = new UriBuilder(target) { Query = merged.ToString() };
        return builder.Uri;
    }

    /// <summary>The checked, joined and parsed URL, kept in <paramref name="cache"/> when there is one.</summary>
    private static Uri Resolve(Uri? baseUrl, string url, UrlCache? cache)
    {
        HeaderValidation.ValidateUrlText(url);
        Uri target;
        if (HasScheme(url))
        {
            target = ParseValidated(url);
        }
        else if (baseUrl is null)
        {
            throw new InvalidUrlException($"Invalid URL '{url}': it is relative and the client has no BaseUrl; give an absolute URL such as 'https://example.com{(url.StartsWith('/') ? string.Empty : "/")}{url}'.", url);
        }
        else
        {
            target = Join(baseUrl, url);
        }

        if (!HasHost(target))
        {
            throw new InvalidUrlException($"Invalid URL '{url}': it has no host.", url);
        }

        cache?.Add(baseUrl, url, target);
        return target;
    }

    /// <summary>Whether <paramref name="url"/> starts with <c>scheme://</c> (then it is absolute and must parse as such).</summary>
    private static bool HasScheme(string url)
    {
        var text = url.AsSpan().TrimStart();
        var end = text.IndexOf("://", StringComparison.Ordinal);
        if (end <= 0 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text[..end])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static Uri Join(Uri baseUrl, string relative)
    {
        if (relative.AsSpan().TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            // A network-path reference (RFC 3986 section 4.2): it replaces the authority and keeps only the base's scheme.
            var networkPath = baseUrl.Scheme + ":" + relative.TrimStart();
            if (!Uri.TryCreate(networkPath, UriKind.Absolute, out var other))
            {
                throw new InvalidUrlException($"Invalid URL '{relative}': a network-path reference (//host/path) resolved against base URL '{baseUrl}' gives '{networkPath}', which is not a valid URL.", relative);
            }

            return other;
        }

        var prefix = JoinPrefix.For(baseUrl);
        var joined = prefix.Path + relative.TrimStart('/');
        if (!Uri.TryCreate(joined, UriKind.Absolute, out var result))
        {
            throw new InvalidUrlException($"Invalid URL '{relative}': joined to base URL '{baseUrl}' it gives '{joined}', which is not a valid URL.", relative);
        }

        // Asked of the result only when the base has a query to give (asking parses the new URL's parts).
        if (prefix.Query is { } query && !relative.Contains('?', StringComparison.Ordinal) && string.IsNullOrEmpty(result.Query))
        {
            result = new UriBuilder(result) { Query = query }.Uri;
        }

        return result;
    }

    /// <summary>
    /// What a base URL contributes to every join: its scheme, authority and path ending in '/', and its query. A client
    /// joins every relative URL to the same base, so the last one is kept (rebuilding it cost a string and the base's
    /// parts on every request).
    /// </summary>
    private sealed class JoinPrefix(Uri baseUrl, string path, string? query)
    {
        private static JoinPrefix? s_last;

        public string Path => path;

        public string? Query => query;

        public static JoinPrefix For(Uri baseUrl)
        {
            if (Volatile.Read(ref s_last) is { } last && ReferenceEquals(last._baseUrl, baseUrl))
            {
                return last;
            }

            var path = baseUrl.GetComponents(UriComponents.SchemeAndServer | UriComponents.UserInfo | UriComponents.Path, UriFormat.UriEscaped);
            if (!path.EndsWith('/'))
            {
                path += "/";
            }

            var query = baseUrl.Query;
            var made = new JoinPrefix(baseUrl, path, string.IsNullOrEmpty(query) ? null : query.TrimStart('?'));
            Volatile.Write(ref s_last, made);
            return made;
        }

        private readonly Uri _baseUrl = baseUrl;
    }

    public static QueryParams MergeQuery(params QueryParams?[] sources)
    {
        var merged = new QueryParams();
        foreach (var source in sources)
        {
            if (source is null)
            {
                continue;
            }

            foreach (var name in source.Select(p => p.Key).Distinct(StringComparer.Ordinal))
            {
                merged.Remove(name);
            }

            foreach (var (name, value) in source)
            {
                merged.Add(name, value);
            }
        }

        return merged;
    }

    /// <summary>The URL without userinfo (credentials travel in headers, never in the request line).</summary>
    public static Uri WithoutUserInfo(Uri url) =>
        HasUserInfo(url) ? new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri : url;

    /// <summary>Whether the URL has userinfo (checked on the text first: asking the Uri allocates).</summary>
    public static bool HasUserInfo(Uri url) => url.OriginalString.Contains('@', StringComparison.Ordinal) && url.UserInfo.Length > 0;

    /// <summary>
    /// Whether the URL names a host. An http or https URL always does once parsed (System.Uri refuses it otherwise),
    /// so only other schemes ask the Uri, which would compute all its parts to answer.
    /// </summary>
    private static bool HasHost(Uri url) => url.Scheme is "http" or "https" || url.HostNameType != UriHostNameType.Unknown;

    /// <summary>The origin (scheme, host, port) used to decide whether credentials may follow a redirect.</summary>
    public static string Origin(Uri url) => $"{url.Scheme}://{url.IdnHost}:{url.Port}".ToLowerInvariant();

    /// <summary>
    /// The URL as it may appear in messages: userinfo and the values of secret-looking query parameters hidden (the one
    /// rule set shared with logs, traces and the recorder: <see cref="Diagnostics.Redaction.Url"/>).
    /// </summary>
    public static string Redact(Uri url) => Diagnostics.Redaction.Url(url);
}
