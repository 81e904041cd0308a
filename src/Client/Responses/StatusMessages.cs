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

    /// <summary>The standard reason phrase (RFC 9110 and the IANA registry, as httpx's <c>codes</c>), or empty.</summary>
    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        100 => "Continue", 101 => "Switching Protocols", 102 => "Processing", 103 => "Early Hints",
        200 => "OK", 201 => "Created", 202 => "Accepted", 203 => "Non-Authoritative Information", 204 => "No Content",
        205 => "Reset Content", 206 => "Partial Content", 207 => "Multi-Status", 208 => "Already Reported", 226 => "IM Used",
        300 => "Multiple Choices", 301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
        305 => "Use Proxy", 307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 402 => "Payment Required", 403 => "Forbidden", 404 => "Not Found",
        405 => "Method Not Allowed", 406 => "Not Acceptable", 407 => "Proxy Authentication Required", 408 => "Request Timeout",
        409 => "Conflict", 410 => "Gone", 411 => "Length Required", 412 => "Precondition Failed", 413 => "Request Entity Too Large",
        414 => "Request-URI Too Long", 415 => "Unsupported Media Type", 416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed", 418 => "I'm a teapot", 421 => "Misdirected Request", 422 => "Unprocessable Entity",
        423 => "Locked", 424 => "Failed Dependency", 425 => "Too Early", 426 => "Upgrade Required", 428 => "Precondition Required",
        429 => "Too Many Requests", 431 => "Request Header Fields Too Large", 451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", 505 => "HTTP Version Not Supported", 506 => "Variant Also Negotiates",
        507 => "Insufficient Storage", 508 => "Loop Detected", 510 => "Not Extended", 511 => "Network Authentication Required",
        _ => string.Empty,
    };

    /// <summary>Set by an auth flow on a 401 it could not answer, so <c>EnsureSuccess</c> names the challenge.</summary>
    public const string AuthChallengeKey = "courier.auth_challenge";
}
