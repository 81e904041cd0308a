namespace Courier;

/// <summary>Carries cookies a 401 set into the request that answers it (as httpx's Digest flow does).</summary>
internal static class ResponseCookies
{
    public static void AddTo(Request request, Response response)
    {
        if (!response.Headers.Contains("Set-Cookie") || Cookies.FromResponse(response).HeaderFor(request.Url) is not { } fresh)
        {
            return;
        }

        var merged = new List<KeyValuePair<string, string>>();
        foreach (var part in (request.Headers["Cookie"] + "; " + fresh).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            merged.RemoveAll(p => p.Key == name);
            merged.Add(new(name, part));
        }

        request.Headers["Cookie"] = string.Join("; ", merged.Select(p => p.Value));
    }
}
