namespace Courier;

/// <summary>httpx's <c>raise_for_status</c> message shape.</summary>
internal static class StatusMessages
{
    public static string For(Response response)
    {
        var kind = response.StatusCode switch
        {
            < 200 => "Informational response",
            < 300 => "Success",
            < 400 => "Redirect response",
            < 500 => "Client error",
            _ => "Server error",
        };
        var url = response.HasRequest ? UrlBuilder.Redact(response.Request.Url) : "(unknown)";
        var message = $"{kind} '{response.StatusCode} {response.ReasonPhrase}' for url '{url}'";
        if (response.StatusCode is >= 300 and < 400 && response.Headers["Location"] is { } location)
        {
            message += $"\nRedirect location: '{location}'";
        }

        if (response.Extensions.TryGetValue(AuthChallengeKey, out var challenge) && challenge is string text)
        {
            message += $"\nAuth challenge that could not be answered: {text}";
        }

        return message + $"\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{response.StatusCode}";
    }

    /// <summary>Set by an auth flow on a 401 it could not answer, so <c>EnsureSuccess</c> names the challenge.</summary>
    public const string AuthChallengeKey = "courier.auth_challenge";
}
