using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.TestHost;

/// <summary>
/// The app's response body as the caller reads it, made to behave like a body off the wire: a read the caller
/// cancels (or times out) aborts the request, so the app sees <c>RequestAborted</c>; a body shorter or longer than
/// its <c>Content-Length</c> fails (<see cref="HttpIOException"/>, which Courier's client reports as
/// <see cref="RemoteProtocolException"/>); an app exception after the response started fails the read as itself
/// (<see cref="TestServerTransportOptions.RaiseAppExceptions"/>) or as a body that ended early. At its end the app's
/// trailers become the response's <see cref="HttpResponseMessage.TrailingHeaders"/>.
/// </summary>
internal sealed class ResponseBodyStream(Stream inner, long? expectedLength, InFlightRequest flight, bool raiseAppExceptions, IHttpResponseTrailersFeature? trailers, HttpResponseMessage response) : ReadOnlyStreamBase
{
    private const string ClientAbortMessage = "The client aborted the request.";
    private long _received;
    private bool _ended;
    private int _disposed;

    /// <summary>Reads and discards a HEAD response's body so the app completes as it would on Kestrel.</summary>
    public static async Task DrainAsync(Stream body, InFlightRequest flight)
    {
        var buffer = new byte[4096];
        try
        {
            while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The app failed or the server went away: nothing to report for a body nobody reads.
        }
        finally
        {
            await body.DisposeAsync().ConfigureAwait(false);
            flight.Dispose();
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return ValueTask.FromException<int>(new ObjectDisposedException(GetType().FullName));
        }

        ValueTask<int> pending;
        try
        {
            pending = inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex)
        {
            pending = ValueTask.FromException<int>(ex);
        }

        // Most reads find the app's bytes already buffered: check them without an async state machine box.
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitReadAsync(pending, cancellationToken);
        }

        try
        {
            return new ValueTask<int>(Received(pending.Result));
        }
        catch (HttpIOException ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    private async ValueTask<int> AwaitReadAsync(ValueTask<int> pending, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Over a socket a canceled read closes the connection; here it aborts the request.
            Abort();
            throw;
        }
        catch (Exception ex) when (flight.ServerGone && ex is IOException or OperationCanceledException)
        {
            throw flight.Owner.ServerDisposed(ex);
        }
        catch (IOException ex) when (ex.InnerException is { } cause && cause.Message != ClientAbortMessage)
        {
            if (raiseAppExceptions)
            {
                ExceptionDispatchInfo.Throw(cause);
            }

            throw new HttpIOException(HttpRequestError.ResponseEnded, $"The app failed after the response started, so the body ended early: {cause.Message}", ex);
        }

        return Received(read);
    }

    private int Received(int read)
    {
        _received += read;
        if (read == 0)
        {
            // The app has finished: nothing is left to abort, so stop tracking it even if the response is never disposed.
            _ended = true;
            flight.Dispose();
            CopyTrailers();
        }

        if (expectedLength is { } expected)
        {
            if (read == 0 && _received < expected)
            {
                throw new HttpIOException(HttpRequestError.ResponseEnded, $"The app declared Content-Length: {expected} but its body ended after {_received} bytes (Kestrel aborts such a response).");
            }

            if (_received > expected)
            {
                Abort();
                throw new HttpIOException(HttpRequestError.InvalidResponse, $"The app declared Content-Length: {expected} but wrote at least {_received} bytes (Kestrel refuses such a write).");
            }
        }

        return read;
    }

    private void CopyTrailers()
    {
        if (trailers?.Trailers is not { Count: > 0 } appTrailers || Interlocked.Exchange(ref trailers, null) is null)
        {
            return;
        }

        foreach (var (name, values) in appTrailers)
        {
            _ = response.TrailingHeaders.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (!_ended)
            {
                // Disposing TestServer's stream aborts a request still running; once the body ended there is nothing
                // to abort (and TestServer would only build an "aborted" exception nobody sees).
                inner.Dispose();
            }

            flight.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Dispose(true);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Abort()
    {
        // Disposing TestServer's reader stream fires the app's RequestAborted unless the app already finished.
        inner.Dispose();
    }
}
