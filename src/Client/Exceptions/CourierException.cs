namespace Courier;

/// <summary>The root of every exception Courier throws.</summary>
public class CourierException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CourierException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A request could not be completed. Carries the <see cref="Request"/> it happened on.</summary>
public class RequestException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public RequestException(string message, Request? request = null, Exception? innerException = null)
        : base(message, innerException) => Request = request;

    /// <summary>The request this failure happened on (null only when it failed before a request existed).</summary>
    public Request? Request { get; internal set; }
}

/// <summary>A failure below HTTP semantics: connecting, reading, writing, protocol framing, proxies.</summary>
public class TransportException : RequestException
{
    /// <summary>Creates the exception.</summary>
    public TransportException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>A body could not be decoded (a corrupt gzip/deflate/brotli stream, an unknown charset, a size limit).</summary>
public class DecodingException : RequestException
{
    /// <summary>Creates the exception.</summary>
    public DecodingException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException)
    {
    }
}

/// <summary>More redirects than <see cref="ClientOptions.MaxRedirects"/> were returned.</summary>
public class TooManyRedirectsException : RequestException
{
    /// <summary>Creates the exception.</summary>
    public TooManyRedirectsException(string message, Request? request = null, IReadOnlyList<Response>? history = null)
        : base(message, request) => History = history ?? [];

    /// <summary>The responses of the hops followed before the limit was hit.</summary>
    public IReadOnlyList<Response> History { get; }
}

/// <summary>An URL could not be parsed or built. Names the input.</summary>
public class InvalidUrlException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public InvalidUrlException(string message, string? url = null, Exception? innerException = null)
        : base(message, innerException) => Url = url;

    /// <summary>The offending input.</summary>
    public string? Url { get; }
}

/// <summary>The response had an error status and <see cref="Response.EnsureSuccess"/> was called.</summary>
public class HttpStatusException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public HttpStatusException(string message, Request request, Response response)
        : base(message)
    {
        Request = request;
        Response = response;
    }

    /// <summary>The request that got the error status.</summary>
    public Request Request { get; }

    /// <summary>The error response.</summary>
    public Response Response { get; }
}
