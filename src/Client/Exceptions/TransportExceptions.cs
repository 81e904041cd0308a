namespace Courier;

/// <summary>One of the four timeouts fired.</summary>
public class HttpTimeoutException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public HttpTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>Connecting (TCP and TLS handshake) took longer than <see cref="Timeouts.Connect"/>.</summary>
public class ConnectTimeoutException : HttpTimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ConnectTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>No response head, or no next body chunk, arrived within <see cref="Timeouts.Read"/>.</summary>
public class ReadTimeoutException : HttpTimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ReadTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>A chunk of the request body could not be written within <see cref="Timeouts.Write"/>.</summary>
public class WriteTimeoutException : HttpTimeoutException
{
    /// <summary>Creates the exception.</summary>
    public WriteTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>No connection became free within <see cref="Timeouts.Pool"/>.</summary>
public class PoolTimeoutException : HttpTimeoutException
{
    /// <summary>Creates the exception.</summary>
    public PoolTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>A network-level failure (refused, reset, unreachable, closed).</summary>
public class NetworkException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public NetworkException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>The connection could not be established (refused, unresolvable host, TLS not trusted).</summary>
public class ConnectException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    public ConnectException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>Reading from the connection failed (for example a reset mid-body).</summary>
public class ReadException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    public ReadException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>Writing to the connection failed.</summary>
public class WriteException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    public WriteException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>Closing the connection failed.</summary>
public class CloseException : NetworkException
{
    /// <summary>Creates the exception.</summary>
    public CloseException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>HTTP framing was violated.</summary>
public class ProtocolException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>The request would violate HTTP (CR, LF or NUL in a header or URL, a bad method). Nothing was sent.</summary>
public class LocalProtocolException : ProtocolException
{
    /// <summary>Creates the exception.</summary>
    public LocalProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>The server violated HTTP (malformed status line, short body, invalid <c>Location</c>, bad framing).</summary>
public class RemoteProtocolException : ProtocolException
{
    /// <summary>Creates the exception.</summary>
    public RemoteProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>The proxy could not be reached, refused the tunnel or asked for credentials.</summary>
public class ProxyException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public ProxyException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>The URL's scheme is not http or https, or no transport is mounted for it.</summary>
public class UnsupportedProtocolException : TransportException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}
