namespace Courier;

/// <summary>
/// The message the client hands its transport. It carries what Courier-aware transports want to know — the Courier
/// <see cref="Request"/> it was built from, the request's timer, the network transport's per-request state — in
/// fields, so the common path never allocates <see cref="HttpRequestMessage.Options"/> (a dictionary per request).
/// A message built elsewhere (a plain <see cref="HttpClient"/> over a Courier transport) still works: the lookups
/// below fall back to <see cref="HttpRequestMessage.Options"/>.
/// </summary>
internal sealed class CourierRequestMessage(HttpMethod method, Uri url, Request request, RequestTimer? timer) : HttpRequestMessage(method, url)
{
    public Request Request { get; } = request;

    public RequestTimer? Timer { get; } = timer;

    /// <summary>The network transport's state for this request (see <see cref="TransportState"/>).</summary>
    public TransportState? TransportState { get; set; }

    /// <summary>The network exchange the client awaits itself: its origin, held permit and connection link (see <see cref="HttpTransport.SendFromClientAsync"/>).</summary>
    public ConnectionPermits.Origin? ExchangeOrigin { get; set; }

    /// <inheritdoc cref="ExchangeOrigin"/>
    public PermitGate? ExchangePermit { get; set; }

    /// <inheritdoc cref="ExchangeOrigin"/>
    public ConnectionLink? ExchangeConnection { get; set; }

    private int _sent;

    /// <summary>Marks the message sent; false when it already was (for a transport that refuses to send one message twice).</summary>
    public bool MarkSent() => Interlocked.Exchange(ref _sent, 1) == 0;

    /// <summary>The Courier request a message was built from, if any.</summary>
    public static bool TryGetRequest(HttpRequestMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Request? request)
    {
        if (message is CourierRequestMessage courier)
        {
            request = courier.Request;
            return true;
        }

        return message.Options.TryGetValue(MessageConversion.RequestKey, out request);
    }

    /// <summary>The request timer of a message, if any.</summary>
    public static RequestTimer? TimerOf(HttpRequestMessage message) =>
        message is CourierRequestMessage courier ? courier.Timer
        : message.Options.TryGetValue(RequestTimer.Key, out var timer) ? timer : null;
}
