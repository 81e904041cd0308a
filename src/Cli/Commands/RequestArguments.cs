using System.CommandLine;
using System.Globalization;

namespace Courier.Cli.Commands;

/// <summary>The request the command line describes, checked once: every problem is a usage error (exit 2).</summary>
internal sealed record RequestArguments
{
    public required string Method { get; init; }

    public required Uri Url { get; init; }

    public required QueryParams Params { get; init; }

    public required Headers Headers { get; init; }

    public required IReadOnlyDictionary<string, string> Cookies { get; init; }

    public Body? Body { get; init; }

    /// <summary>Files opened for <c>--files</c>; the runner disposes them.</summary>
    public IReadOnlyList<Stream> OpenFiles { get; init; } = [];

    public Auth? Auth { get; init; }

    public Uri? Proxy { get; init; }

    public TimeSpan Timeout { get; init; }

    public bool FollowRedirects { get; init; }

    public bool NoVerify { get; init; }

    public bool Http2 { get; init; }

    public string? Download { get; init; }

    public bool Verbose { get; init; }

    public bool NoColor { get; init; }

    public static (RequestArguments? Arguments, List<string> Errors) Bind(ParseResult parsed, RequestCommand c)
    {
        var errors = new List<string>();
        var url = parsed.GetValue(c.Url);
        var authValues = parsed.GetValue(c.AuthValues) ?? [];
        var scheme = AuthSchemes.All[parsed.GetValue(c.AuthType) ?? AuthSchemes.Default];
        if (url is null && authValues.Length == 2 && scheme.Values == 1)
        {
            url = authValues[1]; // `--auth-type bearer --auth TOKEN URL`: the second value is the URL.
            authValues = [authValues[0]];
        }

        var target = ParseUrl(url, errors);
        var auth = BuildAuth(scheme, parsed.GetValue(c.AuthType) ?? AuthSchemes.Default, authValues, errors);
        var headers = new Headers();
        Collect(parsed.GetValue(c.Headers), "--headers", errors, headers.Add);
        var query = new QueryParams();
        Collect(parsed.GetValue(c.Params), "--params", errors, query.Add);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(parsed.GetValue(c.Cookies), "--cookies", errors, (name, value) => cookies[name] = CookieValue(name, value));
        var (body, files) = BodyBuilder.Build(parsed, c, errors);
        var method = (parsed.GetValue(c.Method) ?? (body is null ? "GET" : "POST")).ToUpperInvariant();
        if (method.Length == 0 || !method.All(ch => ch is > ' ' and < (char)127 && !"()<>@,;:\\\"/[]?={}".Contains(ch, StringComparison.Ordinal)))
        {
            errors.Add($"--method '{method}' is not a valid HTTP method token.");
        }

        var timeout = parsed.GetValue(c.Timeout);
        if (!(timeout > 0) || timeout > int.MaxValue / 1000.0)
        {
            errors.Add($"--timeout must be a positive number of seconds (was {timeout.ToString(CultureInfo.InvariantCulture)}).");
        }

        var proxy = parsed.GetValue(c.Proxy);
        Uri? proxyUrl = null;
        if (proxy is not null && (!Uri.TryCreate(proxy, UriKind.Absolute, out proxyUrl) || proxyUrl.Scheme is not ("http" or "https" or "socks5" or "socks4")))
        {
            errors.Add($"--proxy '{proxy}' is not a proxy URL (http://host:port).");
        }

        if (errors.Count > 0)
        {
            foreach (var file in files)
            {
                file.Dispose();
            }

            return (null, errors);
        }

        return (new RequestArguments
        {
            Method = method,
            Url = target!,
            Params = query,
            Headers = headers,
            Cookies = cookies,
            Body = body,
            OpenFiles = files,
            Auth = auth,
            Proxy = proxyUrl,
            Timeout = TimeSpan.FromSeconds(timeout),
            FollowRedirects = parsed.GetValue(c.FollowRedirects),
            NoVerify = parsed.GetValue(c.NoVerify),
            Http2 = parsed.GetValue(c.Http2),
            Download = parsed.GetValue(c.Download),
            Verbose = parsed.GetValue(c.Verbose),
            NoColor = parsed.GetValue(c.NoColor),
        }, errors);
    }

    private static Uri? ParseUrl(string? url, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add("Missing argument 'URL'.");
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add($"'{url}' is not an http:// or https:// URL.");
            return null;
        }

        return uri;
    }

    private static Auth? BuildAuth(AuthScheme scheme, string name, string[] values, List<string> errors)
    {
        if (values.Length == 0)
        {
            return null;
        }

        if (values.Length != scheme.Values)
        {
            errors.Add($"--auth takes {scheme.ValueNames} for --auth-type {name.ToLowerInvariant()} (got {values.Length} value{(values.Length == 1 ? string.Empty : "s")}).");
            return null;
        }

        try
        {
            return scheme.Create(values);
        }
        catch (ArgumentException ex)
        {
            errors.Add("--auth: " + ex.Message);
            return null;
        }
    }

    private static void Collect(string[]? values, string option, List<string> errors, Action<string, string> add)
    {
        values ??= [];
        for (var i = 0; i + 1 < values.Length; i += 2)
        {
            try
            {
                add(values[i], values[i + 1]);
            }
            catch (Exception ex) when (ex is CourierException or ArgumentException)
            {
                errors.Add($"{option} '{values[i]}': {ex.Message}");
            }
        }
    }

    private static string CookieValue(string name, string value) =>
        name.Length == 0 || name.Any(ch => ch <= ' ' || ch >= 127 || "=;,".Contains(ch, StringComparison.Ordinal)) || value.Any(ch => ch < ' ' || ch == ';' || ch == 127)
            ? throw new ArgumentException("A cookie name must be a token and its value must not hold ';' or control characters.")
            : value;
}
