using System.Net;

namespace Courier;

/// <summary>
/// The proxy for each URL: the explicit <see cref="ClientOptions.Proxy"/> for every request, else (when
/// <see cref="ClientOptions.TrustEnv"/>) httpx's environment rules: <c>HTTP_PROXY</c> for http, <c>HTTPS_PROXY</c>
/// for https, <c>ALL_PROXY</c> for both, lower-case names first, and <c>NO_PROXY</c> (<c>*</c>, host names that
/// also cover their subdomains, <c>.example.com</c> for subdomains only, IP addresses, <c>localhost</c>) bypassing.
/// Credentials come from each proxy URL's user info.
/// </summary>
internal sealed class ProxySelector : IWebProxy, ICredentials
{
    private readonly Uri? _http;
    private readonly Uri? _https;
    private readonly MountPattern[] _bypass;

    private ProxySelector(Uri? http, Uri? https, MountPattern[] bypass)
    {
        _http = http;
        _https = https;
        _bypass = bypass;
    }

    /// <inheritdoc />
    public ICredentials? Credentials
    {
        get => this;
        set => throw new NotSupportedException("Proxy credentials come from the proxy URL's user info.");
    }

    /// <summary>The selector for <paramref name="options"/>, or null when no proxy applies.</summary>
    public static ProxySelector? Create(ClientOptions options, Func<string, string?> environment)
    {
        if (options.Proxy is { } proxy)
        {
            return new ProxySelector(proxy, proxy, []);
        }

        if (!options.TrustEnv)
        {
            return null;
        }

        var all = Read(environment, "all_proxy");
        var http = Read(environment, "http_proxy") ?? all;
        var https = Read(environment, "https_proxy") ?? all;
        if (http is null && https is null)
        {
            return null;
        }

        var noProxy = environment("no_proxy") ?? environment("NO_PROXY") ?? string.Empty;
        var bypass = noProxy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ToPattern).ToArray();
        return new ProxySelector(http, https, bypass);
    }

    /// <inheritdoc />
    public Uri? GetProxy(Uri destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_bypass.Any(p => p.Matches(destination)))
        {
            return null;
        }

        return destination.Scheme == Uri.UriSchemeHttps ? _https : _http;
    }

    /// <inheritdoc />
    public bool IsBypassed(Uri host) => GetProxy(host) is null;

    /// <inheritdoc />
    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var proxy = new[] { _http, _https }.FirstOrDefault(p => p is not null && p.Authority == uri.Authority && p.UserInfo.Length > 0);
        if (proxy is null)
        {
            return null;
        }

        var parts = proxy.UserInfo.Split(':', 2);
        return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }

    private static Uri? Read(Func<string, string?> environment, string name)
    {
        var value = environment(name) ?? environment(name.ToUpperInvariant());
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // httpx accepts "host:port" and assumes http://.
        return Uri.TryCreate(value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"The environment variable {name.ToUpperInvariant()} holds '{value}', which is not a proxy URL (http://host:port).");
    }

    /// <summary>httpx's NO_PROXY entries: "*" is every host; a plain name also matches its subdomains.</summary>
    private static MountPattern ToPattern(string entry)
    {
        if (entry == "*")
        {
            return new MountPattern("all://");
        }

        if (entry.Contains("://", StringComparison.Ordinal))
        {
            return new MountPattern(entry);
        }

        if (IPAddress.TryParse(entry.Trim('[', ']'), out var ip))
        {
            return new MountPattern(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"all://[{ip}]" : $"all://{ip}");
        }

        if (entry.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new MountPattern("all://localhost");
        }

        // ".example.com" becomes "*.example.com" (subdomains only); "example.com" becomes "*example.com" (both).
        return new MountPattern("all://*" + entry);
    }
}
