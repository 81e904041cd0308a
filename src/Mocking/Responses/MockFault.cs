namespace Courier.Mocking;

/// <summary>
/// A transport failure to simulate. Each is thrown the way the network transport fails: an
/// <see cref="HttpRequestException"/> (an <see cref="IOException"/> for a body that breaks mid-stream) whose inner
/// exception is Courier's typed exception, so a plain <see cref="HttpClient"/> sees what it would see from the network
/// and <see cref="Client"/> surfaces the Courier type (<see cref="ConnectException"/>, <see cref="ReadTimeoutException"/>, …).
/// </summary>
public enum MockFault
{
    /// <summary>The connection is refused: <see cref="ConnectException"/>.</summary>
    ConnectError,

    /// <summary>Connecting takes too long: <see cref="ConnectTimeoutException"/>.</summary>
    ConnectTimeout,

    /// <summary>The response does not arrive in time: <see cref="ReadTimeoutException"/>.</summary>
    ReadTimeout,

    /// <summary>The request body cannot be sent in time: <see cref="WriteTimeoutException"/>.</summary>
    WriteTimeout,

    /// <summary>No connection is free in time: <see cref="PoolTimeoutException"/>.</summary>
    PoolTimeout,

    /// <summary>The peer resets the connection: <see cref="ReadException"/>.</summary>
    ConnectionReset,

    /// <summary>The server closes the connection without a response: <see cref="RemoteProtocolException"/>.</summary>
    ServerDisconnected,
}

/// <summary>Builds the exceptions of <see cref="MockFault"/>.</summary>
internal static class MockFaults
{
    public static RequestException Create(MockFault fault, Request? request, bool midBody = false)
    {
        var where = request is null ? "the server" : $"{request.Url.Host}:{request.Url.Port}";
        const string simulated = " (simulated by MockTransport)";
        return fault switch
        {
            MockFault.ConnectError => new ConnectException($"Could not connect to {where}: Connection refused{simulated}.", request),
            MockFault.ConnectTimeout => new ConnectTimeoutException($"Timed out connecting to {where}{simulated}.", request),
            MockFault.ReadTimeout => new ReadTimeoutException($"Timed out reading the response from {where}{simulated}.", request),
            MockFault.WriteTimeout => new WriteTimeoutException($"Timed out sending the request to {where}{simulated}.", request),
            MockFault.PoolTimeout => new PoolTimeoutException($"Timed out waiting for a free connection to {where}{simulated}.", request),
            MockFault.ConnectionReset => new ReadException($"The connection to {where} was reset by the peer{(midBody ? " in the middle of the body" : string.Empty)}{simulated}.", request),
            _ => new RemoteProtocolException(midBody
                ? $"The server closed the connection before the whole body arrived ({where}){simulated}."
                : $"Server disconnected without sending a response ({where}){simulated}.", request),
        };
    }

    /// <summary>What the network transport would throw before the response head.</summary>
    public static Exception ForSend(MockFault fault, Request? request)
    {
        var inner = Create(fault, request);
        var error = fault switch
        {
            MockFault.ConnectError or MockFault.ConnectionReset => HttpRequestError.ConnectionError,
            MockFault.ServerDisconnected => HttpRequestError.ResponseEnded,
            _ => HttpRequestError.Unknown,
        };
        return new HttpRequestException(error, inner.Message, inner);
    }

    /// <summary>What reading a body that breaks would throw.</summary>
    public static IOException ForBody(MockFault fault, Request? request)
    {
        var inner = Create(fault, request, midBody: true);
        return new IOException(inner.Message, inner);
    }
}
