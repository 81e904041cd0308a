namespace Courier.Diagnostics;

/// <summary>
/// Sees every request a <see cref="Client"/> sends, set through <see cref="ClientOptions.Observer"/>: the hook that
/// logging (the <c>Courier.Extensions</c> satellite's <c>ILogger</c> observer) and other integrations are built on,
/// so the core needs no package. Callbacks run on the request's path: keep them quick and do not throw.
/// </summary>
public abstract class ClientObserver
{
    /// <summary>
    /// Whether the observer wants callbacks now (checked once per request; a logger below its level says false, and
    /// the request then costs nothing extra).
    /// </summary>
    public virtual bool IsEnabled => true;

    /// <summary>Called before each hop (the first request, each redirect, each request of an auth flow) is sent.</summary>
    /// <param name="arguments">The hop.</param>
    public virtual void OnHopStarting(HopStartingArguments arguments)
    {
    }

    /// <summary>Called when a hop's response head has arrived, or the hop failed.</summary>
    /// <param name="arguments">The hop and its outcome.</param>
    public virtual void OnHopCompleted(HopCompletedArguments arguments)
    {
    }

    /// <summary>Called once per logical request (a <c>SendAsync</c>/<c>GetAsync</c>/… call) when it returns or throws.</summary>
    /// <param name="arguments">The request and its outcome.</param>
    public virtual void OnRequestCompleted(RequestCompletedArguments arguments)
    {
    }
}

/// <summary>Why a hop was sent.</summary>
public enum HopKind
{
    /// <summary>The first request of the call.</summary>
    Initial,

    /// <summary>A redirect followed.</summary>
    Redirect,

    /// <summary>A further request of an auth flow (the retry after a 401, a token call).</summary>
    Auth,
}

/// <summary>A hop about to be sent.</summary>
/// <param name="Request">The request of this hop.</param>
/// <param name="Index">0 for the first hop, then 1, 2, … (OpenTelemetry's <c>http.request.resend_count</c>).</param>
/// <param name="Kind">Why the hop is sent.</param>
public readonly record struct HopStartingArguments(Request Request, int Index, HopKind Kind);

/// <summary>A hop that got its response head, or failed.</summary>
/// <param name="Request">The request of this hop.</param>
/// <param name="Index">0 for the first hop, then 1, 2, ….</param>
/// <param name="Kind">Why the hop was sent.</param>
/// <param name="Response">The response (its head; the body may not be read yet), or null when the hop failed.</param>
/// <param name="Error">The Courier exception the hop failed with, or null.</param>
/// <param name="Elapsed">From the hop's start until its response head (or failure).</param>
public readonly record struct HopCompletedArguments(Request Request, int Index, HopKind Kind, Response? Response, Exception? Error, TimeSpan Elapsed);

/// <summary>A logical request that returned or threw.</summary>
/// <param name="Request">The request as the caller made it (before redirects).</param>
/// <param name="Response">The final response, or null when the call threw.</param>
/// <param name="Error">The exception the call threw, or null.</param>
/// <param name="Elapsed">The whole call: every hop and, unless streaming, the final body.</param>
/// <param name="Hops">How many hops were sent.</param>
public readonly record struct RequestCompletedArguments(Request Request, Response? Response, Exception? Error, TimeSpan Elapsed, int Hops);
