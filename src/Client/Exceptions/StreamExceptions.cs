namespace Courier;

/// <summary>A response stream was used in a way its state does not allow.</summary>
public class StreamException : CourierException
{
    /// <summary>Creates the exception.</summary>
    public StreamException(string message, Request? request = null, Exception? innerException = null)
        : base(message, innerException) => Request = request;

    /// <summary>The request whose response stream was misused.</summary>
    public Request? Request { get; }
}

/// <summary>The body of a streamed response was already read once.</summary>
public class StreamConsumedException : StreamException
{
    /// <summary>Creates the exception.</summary>
    public StreamConsumedException(Request? request = null)
        : base("The response body was already consumed by a streaming reader; it can be read only once. Call ReadBytesAsync() before streaming if you need it twice.", request)
    {
    }
}

/// <summary><see cref="Response.Content"/> was used on a streamed response whose body was not read yet.</summary>
public class ResponseNotReadException : StreamException
{
    /// <summary>Creates the exception.</summary>
    public ResponseNotReadException(Request? request = null)
        : base("The response body has not been read. Call ReadBytesAsync() (or ReadBytes()) on a streamed response before using Content or Text.", request)
    {
    }
}

/// <summary>The streamed response was disposed before its body was read.</summary>
public class StreamClosedException : StreamException
{
    /// <summary>Creates the exception.</summary>
    public StreamClosedException(Request? request = null)
        : base("The response was closed before its body was read.", request)
    {
    }
}
