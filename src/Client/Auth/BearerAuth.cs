namespace Courier;

/// <summary>Bearer token auth (RFC 6750): sends <c>Authorization: Bearer &lt;token&gt;</c> with the request.</summary>
public sealed class BearerAuth : Auth
{
    private readonly string _header;

    /// <summary>Creates Bearer auth for a token (an OAuth2 access token, an API key).</summary>
    public BearerAuth(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (token.AsSpan().IndexOfAny("\r\n\0") >= 0)
        {
            throw new ArgumentException("A bearer token must not contain CR, LF or NUL (they would inject header lines).", nameof(token));
        }

        _header = "Bearer " + token;
    }

    /// <inheritdoc />
    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        request.Headers["Authorization"] = _header;
        return send(request, cancellationToken);
    }
}
