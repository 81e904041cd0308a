using System.Net;
using Microsoft.AspNetCore.Http;

namespace Courier.TestHost;

public sealed partial class TestServerTransport
{
    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var flight = _inFlight.Start(cancellationToken);
        var token = flight.Token;
        Task<HttpResponseMessage> pending;
        try
        {
            pending = _inner.SendAsync(request, token);
        }
        catch
        {
            flight.Dispose();
            throw;
        }

        HttpResponseMessage response;
        try
        {
            // TestServer waits for the app to finish even when the caller gave up: answer the caller now instead.
            // The app has already seen RequestAborted (TestServer cancels it from the same token).
            response = pending.IsCompleted
                ? await pending.ConfigureAwait(false)
                : await pending.WaitAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            flight.Dispose();

            // A response that arrives after the caller gave up (or raced with the cancellation) is disposed, not leaked.
            _ = pending.ContinueWith(static t => DisposeAbandoned(t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            if (flight.ServerGone)
            {
                throw _inFlight.ServerDisposed(ex);
            }

            if (token.IsCancellationRequested)
            {
                // We run inside the token's Cancel() callbacks; let the rest of them (the client's timer notes which
                // timeout fired there) finish before the caller sees the exception.
                await Task.Yield();
                throw new TaskCanceledException($"The request {request.Method} {request.RequestUri} was canceled; the app saw RequestAborted.", ex, cancellationToken);
            }

            if (_options.RaiseAppExceptions || ex is ObjectDisposedException { ObjectName: var name } && name == typeof(Microsoft.AspNetCore.TestHost.TestServer).FullName)
            {
                throw;
            }

            return ServerError(request, (ex as BadHttpRequestException)?.StatusCode ?? 500);
        }

        return Shape(request, response, flight);
    }

    private HttpResponseMessage Shape(HttpRequestMessage request, HttpResponseMessage response, InFlightRequest flight)
    {
        var original = response.Content;
        var body = original.ReadAsStream();
        HttpContent content;
        if (request.Method == HttpMethod.Head)
        {
            // Kestrel discards what the app writes for HEAD; drain it in the background so the app completes normally.
            content = new HeadContent();
            _ = ResponseBodyStream.DrainAsync(body, flight);
        }
        else
        {
            var status = (int)response.StatusCode;
            var expected = status is 204 or 304 or < 200 ? null : original.Headers.ContentLength;
            content = new StreamContent(new ResponseBodyStream(body, expected, flight, _options.RaiseAppExceptions));
        }

        foreach (var (name, values) in original.Headers.NonValidated)
        {
            // The single-value case (nearly every content header) adds the string itself: no boxed enumerable.
            _ = values.Count == 1
                ? content.Headers.TryAddWithoutValidation(name, values.ToString())
                : content.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = content;
        return response;
    }

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

    private static void DisposeAbandoned(Task<HttpResponseMessage> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.Result.Dispose();
        }
        else
        {
            _ = task.Exception;
        }
    }

    /// <summary>Runs on the server side for every request, after TestServer set method, URL, headers and protocol.</summary>
    private void ConfigureContext(HttpContext context)
    {
        var connection = context.Connection;
        connection.RemoteIpAddress = _options.ClientAddress.Address;
        connection.RemotePort = _options.ClientAddress.Port;
        connection.LocalIpAddress = IPAddress.Loopback;
        connection.LocalPort = context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80);
        RequestBodyLimit.Apply(context, _options.MaxRequestBodySize);
        if (_rootPath.HasValue && context.Request.Path.StartsWithSegments(_rootPath, out var rest))
        {
            context.Request.PathBase = context.Request.PathBase.Add(_rootPath);
            context.Request.Path = rest;
        }
    }

    /// <summary>The empty body of a HEAD response; its headers (Content-Length included) are the app's.</summary>
    private sealed class HeadContent : HttpContent
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
