namespace Courier;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header (RFC 9110 section 11.6.1): a scheme and its parameters, or a
/// token68. Parsed strictly: a value the parser cannot read ends the list, and the caller sees what came before it.
/// </summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters, string? Token68, string Raw)
{
    /// <summary>A parameter's value, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses every header line; <paramref name="error"/> describes the first part that could not be read.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(IEnumerable<string> headerValues, out string? error)
    {
        var all = new List<AuthChallenge>();
        error = null;
        foreach (var value in headerValues)
        {
            all.AddRange(ChallengeReader.Read(value, out var lineError));
            error ??= lineError;
        }

        return all;
    }
}
