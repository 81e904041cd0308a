using System.Globalization;
using System.Text.RegularExpressions;

namespace Courier;

/// <summary>
/// One key of <see cref="ClientOptions.Mounts"/>, with httpx's rules: <c>all://</c> matches every URL,
/// <c>https://</c> a scheme, <c>https://example.com</c> one host, <c>all://*.example.com</c> its subdomains,
/// <c>all://*example.com</c> the domain and its subdomains, <c>http://example.com:8080</c> one port.
/// The most specific pattern wins: one with a port first, then the longest host, then the longest scheme.
/// </summary>
internal sealed class MountPattern
{
    private readonly string _scheme;
    private readonly string _host;
    private readonly int? _port;
    private readonly Regex? _hostRegex;

    public MountPattern(string pattern)
    {
        Pattern = pattern;
        var separator = pattern.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException($"The mount pattern '{pattern}' must look like 'all://', 'https://' or 'https://example.com' (a scheme, '://', an optional host and port).", nameof(pattern));
        }

        var scheme = pattern[..separator].ToLowerInvariant();
        _scheme = scheme == "all" ? string.Empty : scheme;
        var rest = pattern[(separator + 3)..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && !rest.EndsWith(']'))
        {
            if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"The mount pattern '{pattern}' has an invalid port.", nameof(pattern));
            }

            _port = port;
            rest = rest[..colon];
        }

        _host = rest == "*" ? string.Empty : rest.ToLowerInvariant();
        if (_host.StartsWith("*.", StringComparison.Ordinal))
        {
            _hostRegex = new Regex("^.+\\." + Regex.Escape(_host[2..]) + "$", RegexOptions.CultureInvariant);
        }
        else if (_host.StartsWith('*'))
        {
            _hostRegex = new Regex("^(.+\\.)?" + Regex.Escape(_host[1..]) + "$", RegexOptions.CultureInvariant);
        }
    }

    public string Pattern { get; }

    /// <summary>httpx's priority: lower sorts first (port given, longer host, longer scheme).</summary>
    public (int Port, int Host, int Scheme) Priority => (_port is null ? 1 : 0, -_host.Length, -_scheme.Length);

    public bool Matches(Uri url)
    {
        if (_scheme.Length > 0 && !string.Equals(_scheme, url.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_host.Length > 0)
        {
            var host = url.IdnHost.ToLowerInvariant();
            var matched = _hostRegex is null ? host == _host.Trim('[', ']') || url.Host.Equals(_host, StringComparison.OrdinalIgnoreCase) : _hostRegex.IsMatch(host);
            if (!matched)
            {
                return false;
            }
        }

        return _port is null || _port == url.Port;
    }
}
