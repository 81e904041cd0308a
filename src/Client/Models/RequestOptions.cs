namespace Courier;

/// <summary>What one call may add to, or override in, the client's settings (httpx's per-request arguments).</summary>
public sealed record RequestOptions
{
    /// <summary>Query parameters merged with the client's and the URL's own.</summary>
    public QueryParams? Params { get; init; }

    /// <summary>Headers merged over the client's (a name here replaces the same name there).</summary>
    public Headers? Headers { get; init; }

    /// <summary>Cookies sent with this request only, on top of the jar's.</summary>
    public IReadOnlyDictionary<string, string>? Cookies { get; init; }

    /// <summary>Auth for this request, replacing the client's.</summary>
    public Auth? Auth { get; init; }

    /// <summary>Overrides <see cref="ClientOptions.FollowRedirects"/>.</summary>
    public bool? FollowRedirects { get; init; }

    /// <summary>Timeouts for this request, replacing the client's.</summary>
    public Timeouts? Timeouts { get; init; }
}
