using System.Collections;
using System.Net;

namespace Courier;

/// <summary>
/// A cookie jar with the domain, path, secure and expiry rules of RFC 6265 (backed by <see cref="CookieContainer"/>).
/// The client keeps one and fills it from every <c>Set-Cookie</c>; <see cref="Response.Cookies"/> holds a response's own.
/// </summary>
public sealed class Cookies : IEnumerable<Cookie>
{
    private CookieContainer _container = NewContainer();
    private readonly List<Cookie> _anyHost = [];

    /// <summary>The number of cookies held (expired ones are not counted).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            using var cookies = GetEnumerator();
            while (cookies.MoveNext())
            {
                count++;
            }

            return count;
        }
    }

    /// <summary>
    /// True when the jar certainly holds no cookie: asked before every request, so it must not enumerate. (It may be
    /// false while only expired cookies remain; the header computed then is simply empty.)
    /// </summary>
    internal bool IsEmpty => _container.Count == 0 && _anyHost.Count == 0;

    /// <summary>The value of the first cookie named <paramref name="name"/>, or null.</summary>
    public string? this[string name] => this.FirstOrDefault(c => c.Name == name)?.Value;

    /// <summary>Sets a cookie for a domain and path (empty domain: sent to every host).</summary>
    public void Set(string name, string value, string domain = "", string path = "/")
    {
        ArgumentNullException.ThrowIfNull(domain);
        var cookie = new Cookie(name, value, path, domain);
        if (domain.Length == 0)
        {
            _anyHost.RemoveAll(c => c.Name == name && c.Path == path);
            _anyHost.Add(cookie);
        }
        else
        {
            _container.Add(cookie);
        }
    }

    /// <summary>Removes every cookie.</summary>
    public void Clear()
    {
        // A fresh container: marking the old one's cookies expired left them counted (and held) by the container.
        _anyHost.Clear();
        _container = NewContainer();
    }

    /// <inheritdoc />
    public IEnumerator<Cookie> GetEnumerator() => _container.GetAllCookies().Where(c => !c.Expired).Concat(_anyHost).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Stores every <c>Set-Cookie</c> of <paramref name="response"/>; invalid ones are ignored, as browsers do.</summary>
    public void Extract(Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.HasResponseHeader("Set-Cookie"))
        {
            return;
        }

        foreach (var header in response.Headers.GetValues("Set-Cookie"))
        {
            try
            {
                _container.SetCookies(response.Request.Url, header);
            }
            catch (CookieException)
            {
                // An invalid cookie (bad domain, bad syntax) is dropped, as a browser would.
            }
        }
    }

    /// <summary>The <c>Cookie</c> header value for <paramref name="url"/>, or null when no cookie applies.</summary>
    public string? HeaderFor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var matching = _container.GetCookies(url).Where(c => !c.Expired).Select(c => $"{c.Name}={c.Value}")
            .Concat(_anyHost.Where(c => url.AbsolutePath.StartsWith(c.Path, StringComparison.Ordinal)).Select(c => $"{c.Name}={c.Value}"))
            .ToList();
        return matching.Count == 0 ? null : string.Join("; ", matching);
    }

    private static CookieContainer NewContainer() => new() { PerDomainCapacity = 300, Capacity = 3000 };

    internal static Cookies FromResponse(Response response)
    {
        var cookies = new Cookies();
        if (response.HasRequest)
        {
            cookies.Extract(response);
        }

        return cookies;
    }
}
