namespace Courier;

/// <summary>
/// Sends one request through the rest of the client's pipeline (redirects, cookies, hooks, transport) and returns
/// its response. An auth flow may call it several times.
/// </summary>
public delegate ValueTask<Response> AuthSend(Request request, CancellationToken cancellationToken);

/// <summary>
/// The base of an auth flow, httpx's <c>auth_flow</c> in C# style: <see cref="AuthenticateAsync"/> receives the
/// request and a <see cref="AuthSend"/>, may edit the request, send it, read the response and send more.
/// The same flow serves the sync and async APIs.
/// </summary>
public abstract class Auth
{
    /// <summary>Whether the flow reads the request body (the client then makes sure it can be re-read).</summary>
    public virtual bool RequiresRequestBody => false;

    /// <summary>Whether the flow reads response bodies (the client then reads each before handing it over).</summary>
    public virtual bool RequiresResponseBody => false;

    /// <summary>Runs the flow and returns the response the caller gets.</summary>
    public abstract ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken);
}
