namespace Courier.Mocking;

/// <summary>A fault a <see cref="MockServer"/> commits on the wire, as WireMock does (<c>"fault": "CONNECTION_RESET_BY_PEER"</c>, …).</summary>
public enum WireFault
{
    /// <summary>The TCP connection is reset (an RST; on HTTP/2 the stream is reset).</summary>
    ConnectionResetByPeer,

    /// <summary>The connection is closed without a byte of response.</summary>
    EmptyResponse,

    /// <summary>A 200 head, then a broken chunk of the chunked body, then the connection closes.</summary>
    MalformedResponseChunk,

    /// <summary>Random bytes instead of a response, then the connection closes.</summary>
    RandomDataThenClose,
}

/// <summary>Thrown by a response made with <see cref="WireFaults.Response"/>; a <see cref="MockServer"/> turns it into the fault on the wire.</summary>
public sealed class WireFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireFaultException(WireFault fault)
        : base($"The stub answers with the wire fault {fault}, which only a MockServer can commit (a MockTransport has no wire).")
    {
        Fault = fault;
    }

    /// <summary>The fault.</summary>
    public WireFault Fault { get; }
}

/// <summary>Responses that make a <see cref="MockServer"/> fail on the wire.</summary>
public static class WireFaults
{
    /// <summary>A response that commits <paramref name="fault"/> (<c>server.Get("/x").Respond(WireFaults.Response(WireFault.EmptyResponse))</c>).</summary>
    public static MockResponse Response(WireFault fault) => MockResponse.Throw(_ => new WireFaultException(fault));
}
