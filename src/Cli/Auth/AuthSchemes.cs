namespace Courier.Cli;

/// <summary>
/// The values of <c>--auth-type</c>: how many <c>--auth</c> values each takes and the auth flow it builds.
/// Adding a scheme is one line (digest: <c>["digest"] = new(2, "USER PASS", v =&gt; new DigestAuth(v[0], v[1])),</c>).
/// </summary>
internal static class AuthSchemes
{
    public static readonly IReadOnlyDictionary<string, AuthScheme> All = new Dictionary<string, AuthScheme>(StringComparer.OrdinalIgnoreCase)
    {
        ["basic"] = new(2, "USER PASS", v => new BasicAuth(v[0], v[1])),
        ["bearer"] = new(1, "TOKEN", v => new BearerTokenAuth(v[0])),
    };

    public const string Default = "basic";
}

/// <summary>One auth scheme: the number of <c>--auth</c> values, their names for messages, and the factory.</summary>
internal sealed record AuthScheme(int Values, string ValueNames, Func<IReadOnlyList<string>, Auth> Create);
