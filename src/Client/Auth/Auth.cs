namespace Courier;

/// <summary>
/// Sends one request through the rest of the client's pipeline (redirects, cookies, hooks, transport) and returns
/// its response. An auth flow may call it several times.
/// </summary>
public delegate ValueTask<Response> AuthSend(Request request, CancellationToken cancellationToken);

/// <summary>
/// The base of an auth flow, httpx's <c>auth_flow</c> in C# style: <see cref="AuthenticateAsync"/> receives the
/// request and a <see cref="AuthSend"/>, may edit the request, send it, read the response and send more.
/// The same flow serves the sync and async APIs. An instance may be shared by many concurrent requests, so keep its
/// state thread-safe.
/// </summary>
public abstract class Auth
{
    /// <summary>
    /// Whether the flow may send the request body more than once (a retry after a 401) or reads it. The client then
    /// refuses a one-shot stream body up front, before any byte is sent.
    /// </summary>
    public virtual bool RequiresRequestBody => false;

    /// <summary>Whether the flow reads response bodies (the client then reads each before handing it over).</summary>
    public virtual bool RequiresResponseBody => false;

    /// <summary>Runs the flow and returns the response the caller gets.</summary>
    public abstract ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken);

    /// <summary>
    /// Reads and closes a response the flow will not return (a 401 it answers), so its connection is reused.
    /// It stays readable afterwards (in the final response's <see cref="Response.History"/>).
    /// </summary>
    protected static async ValueTask DiscardAsync(Response response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await response.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records on a 401 the challenge the flow could not answer (and why), so that
    /// <see cref="Response.EnsureSuccess"/>'s message names it.
    /// </summary>
    protected static void ReportUnansweredChallenge(Response response, string challenge)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(challenge);
        response.Extensions[StatusMessages.AuthChallengeKey] = challenge;
    }
}
