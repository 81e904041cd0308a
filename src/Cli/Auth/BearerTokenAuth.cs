namespace Courier.Cli;

/// <summary>
/// Sends <c>Authorization: Bearer &lt;token&gt;</c>. The CLI's own flow until the client's <c>BearerAuth</c> lands;
/// then <see cref="AuthSchemes"/> should use that one instead.
/// </summary>
internal sealed class BearerTokenAuth : Auth
{
    private readonly string _header;

    public BearerTokenAuth(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _header = "Bearer " + token;
    }

    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        request.Headers["Authorization"] = _header;
        return send(request, cancellationToken);
    }
}
