using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Primitives;

namespace Courier.TestHost;

public sealed partial class TestServerTransport
{
    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Straight into the app through TestServer.SendAsync(HttpContext): the request is presented on the app's context
        // and the response built once from it (TestServer's own handler would build a message for us to rebuild).
        var flight = _inFlight.Start();
        Task<HttpContext> pending;
        try
        {
            pending = SendIntoApp(request, flight);

            // The caller's cancellation aborts the app's request through its context: the app sees RequestAborted and
            // TestServer fails the pending head at once, so the caller is answered without waiting for the app.
            flight.WatchCaller(cancellationToken);
        }
        catch (Exception ex)
        {
            flight.Dispose();
            if (flight.ServerGone || ex is ObjectDisposedException && _inFlight.ServerIsGone())
            {
                throw _inFlight.ServerDisposed(ex);
            }

            throw;
        }

        HttpContext answer;
        try
        {
            answer = await pending.ConfigureAwait(false);
            flight.HeadArrived();
        }
        catch (Exception ex)
        {
            flight.Dispose();
            if (flight.ServerGone || ex is ObjectDisposedException && _inFlight.ServerIsGone())
            {
                throw _inFlight.ServerDisposed(ex);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Let the rest of the token's Cancel() callbacks (the client's timer notes which timeout fired there)
                // finish before the caller sees the exception.
                await Task.Yield();
                throw new TaskCanceledException($"The request {request.Method} {request.RequestUri} was canceled; the app saw RequestAborted.", ex, cancellationToken);
            }

            if (_options.RaiseAppExceptions || ex is ObjectDisposedException { ObjectName: var name } && name == typeof(TestServer).FullName)
            {
                throw;
            }

            return ServerError(request, (ex as BadHttpRequestException)?.StatusCode ?? 500);
        }

        return Shape(request, answer, flight);
    }

    /// <summary>
    /// Calls <see cref="TestServer.SendAsync"/> with one delegate per transport instead of a closure per request: TestServer
    /// runs the configure callback synchronously, on this thread, before it queues the app, so the message and flight
    /// travel in thread-static fields that the callback takes (and clears) at once.
    /// </summary>
    private Task<HttpContext> SendIntoApp(HttpRequestMessage request, InFlightRequest flight)
    {
        t_message = request;
        t_flight = flight;
        Task<HttpContext> pending;
        try
        {
            pending = _server.SendAsync(_present, CancellationToken.None);
        }
        finally
        {
            t_message = null;
            t_flight = null;
        }

        if (!flight.Attached && !pending.IsFaulted)
        {
            throw new InvalidOperationException("TestServer did not present the request synchronously, which TestServerTransport relies on; this version of Microsoft.AspNetCore.TestHost is not supported.");
        }

        return pending;
    }

    private void PresentCurrent(HttpContext context)
    {
        var message = t_message;
        var flight = t_flight;
        t_message = null;
        t_flight = null;
        if (message is null || flight is null)
        {
            throw new InvalidOperationException("TestServer presented a request outside TestServerTransport's send; this version of Microsoft.AspNetCore.TestHost is not supported.");
        }

        Present(context, message, flight);
    }

    private HttpResponseMessage Shape(HttpRequestMessage request, HttpContext answer, InFlightRequest flight)
    {
        var appResponse = answer.Response;
        var headers = appResponse.Headers;
        ResponseHeadersLimit.Check(headers, _options.MaxResponseHeadersLength, flight, request);
        var response = new HttpResponseMessage((HttpStatusCode)appResponse.StatusCode)
        {
            RequestMessage = request,
            Version = request.Version,
        };
        if (answer.Features.Get<IHttpResponseFeature>()?.ReasonPhrase is { } reason)
        {
            response.ReasonPhrase = reason;
        }

        var body = appResponse.Body;
        var declared = appResponse.ContentLength;
        HttpContent content;
        if (request.Method == HttpMethod.Head)
        {
            // Kestrel discards what the app writes for HEAD; drain it in the background so the app completes normally.
            content = new HeadContent();
            _ = ResponseBodyStream.DrainAsync(body, flight);
        }
        else
        {
            var status = appResponse.StatusCode;
            var expected = status is 204 or 304 or < 200 ? null : declared;
            var trailers = answer.Features.Get<IHttpResponseTrailersFeature>();
            content = new ResponseContent(new ResponseBodyStream(body, expected, flight, _options.RaiseAppExceptions, trailers, response));
        }

        if (headers is HeaderDictionary dictionary)
        {
            // TestServer's own dictionary: its struct enumerator, no boxed one.
            foreach (var (name, values) in dictionary)
            {
                AddHeader(response, content, name, values, declared);
            }
        }
        else
        {
            foreach (var (name, values) in headers)
            {
                AddHeader(response, content, name, values, declared);
            }
        }

        response.Content = content;
        return response;
    }

    private static void AddHeader(HttpResponseMessage response, HttpContent content, string name, StringValues values, long? declared)
    {
        if (declared is { } length && name.Length == 14 && Is(name, "Content-Length"))
        {
            // The length the app's dictionary already parsed, stored as a number: the client reads it without parsing
            // the text again (an unparsable or repeated one is kept as the app wrote it, below).
            content.Headers.ContentLength = length;
            return;
        }

        // Content headers go straight to the content (the response's own header table is not even created when the app
        // sends only those); the single-value case (nearly every header) adds the string itself, no boxed enumerable.
        var headers = IsContentHeader(name) ? (HttpHeaders)content.Headers : response.Headers;
        if (values.Count == 1)
        {
            _ = headers.TryAddWithoutValidation(name, values.ToString());
        }
        else
        {
            _ = headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    /// <summary>Whether <see cref="HttpContentHeaders"/> holds the header (all others belong to the response).</summary>
    private static bool IsContentHeader(string name) => name.Length switch
    {
        5 => Is(name, "Allow"),
        7 => Is(name, "Expires"),
        11 => Is(name, "Content-MD5"),
        12 => Is(name, "Content-Type"),
        13 => Is(name, "Content-Range") || Is(name, "Last-Modified"),
        14 => Is(name, "Content-Length"),
        16 => Is(name, "Content-Encoding") || Is(name, "Content-Language") || Is(name, "Content-Location"),
        19 => Is(name, "Content-Disposition"),
        _ => false,
    };

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    private static HttpResponseMessage ServerError(HttpRequestMessage request, int status)
    {
        // What Kestrel sends when the app throws before the response starts (a bad request keeps its own status).
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            RequestMessage = request,
            Version = request.Version,
            Content = new ByteArrayContent([]),
        };
        response.Content.Headers.ContentLength = 0;
        return response;
    }

    /// <summary>The app's response body, handed out as itself (no <see cref="StreamContent"/> wrapper and copy).</summary>
    private sealed class ResponseContent(ResponseBodyStream body) : HttpContent, IStreamOpensAtOnce
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            try
            {
                await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                body.Dispose();
            }
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            using (body)
            {
                body.CopyTo(stream);
            }
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(body);

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => Task.FromResult<Stream>(body);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => body;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>The empty body of a HEAD response; its headers (Content-Length included) are the app's.</summary>
    private sealed class HeadContent : HttpContent, IStreamOpensAtOnce
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => Task.CompletedTask;

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(Stream.Null);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => Stream.Null;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
