namespace Courier;

/// <summary>One entry of a <c>Link</c> header (RFC 8288).</summary>
/// <param name="Url">The target, resolved against the request URL when relative.</param>
/// <param name="Rel">The <c>rel</c> parameter, or null.</param>
/// <param name="Parameters">Every parameter, names lower case.</param>
public sealed record Link(Uri Url, string? Rel, IReadOnlyDictionary<string, string> Parameters)
{
    internal static IReadOnlyDictionary<string, Link> Parse(IReadOnlyList<string> headerValues, Uri? baseUrl)
    {
        var links = new Dictionary<string, Link>(StringComparer.Ordinal);
        foreach (var header in headerValues)
        {
            foreach (var entry in SplitEntries(header))
            {
                var close = entry.IndexOf('>', StringComparison.Ordinal);
                var trimmed = entry.Trim();
                if (!trimmed.StartsWith('<') || close < 0)
                {
                    continue;
                }

                close = trimmed.IndexOf('>', StringComparison.Ordinal);
                var target = trimmed[1..close];
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var part in trimmed[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = part.IndexOf('=', StringComparison.Ordinal);
                    var name = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
                    var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim().Trim('"');
                    parameters.TryAdd(name, value);
                }

                Uri url;
                if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && !absolute.IsFile)
                {
                    url = absolute;
                }
                else if (baseUrl is not null && Uri.TryCreate(baseUrl, target, out var resolved))
                {
                    url = resolved;
                }
                else if (!Uri.TryCreate(target, UriKind.RelativeOrAbsolute, out url!))
                {
                    continue;
                }

                var rel = parameters.GetValueOrDefault("rel");
                links.TryAdd(rel ?? url.ToString(), new Link(url, rel, parameters));
            }
        }

        return links;
    }

    private static IEnumerable<string> SplitEntries(string header)
    {
        var inQuotes = false;
        var inUrl = false;
        var start = 0;
        for (var i = 0; i < header.Length; i++)
        {
            switch (header[i])
            {
                case '"' when !inUrl:
                    inQuotes = !inQuotes;
                    break;
                case '<' when !inQuotes:
                    inUrl = true;
                    break;
                case '>' when !inQuotes:
                    inUrl = false;
                    break;
                case ',' when !inQuotes && !inUrl:
                    yield return header[start..i];
                    start = i + 1;
                    break;
            }
        }

        if (start < header.Length)
        {
            yield return header[start..];
        }
    }
}
