using System.Net.Sockets;
using System.Security.Authentication;

namespace Courier;

/// <summary>Maps every .NET transport failure to Courier's exception tree; the .NET exception stays as the inner one.</summary>
internal static class ExceptionMapper
{
    public enum Phase
    {
        /// <summary>Sending the request and waiting for the response head.</summary>
        Send,

        /// <summary>Reading the response body.</summary>
        ReadBody,
    }

    public static Exception Map(Exception ex, Request? request, Phase phase)
    {
        switch (ex)
        {
            case RequestException courier:
                courier.Request ??= request;
                return courier;
            case CourierException other:
                return other;
            case HttpRequestException { InnerException: RequestException inner }:
                return Map(inner, request, phase);
            case HttpIOException io:
                return MapError(io.HttpRequestError, ex, request, phase);
            case HttpRequestException { HttpRequestError: HttpRequestError.Unknown } when ProtocolCause(ex) is { } cause:
                // An HTTP/2 connection that failed on what the server sent (a head over the limit, e.g. a CONTINUATION
                // flood) aborts its streams with an IOException around the real cause: report that cause.
                return MapError(cause.HttpRequestError, cause, request, phase);
            case HttpRequestException http:
                return MapError(http.HttpRequestError, ex, request, phase);
            case IOException { InnerException: RequestException inner }:
                return Map(inner, request, phase);
            case AuthenticationException auth:
                return new ConnectException($"The TLS handshake with {Host(request)} failed: {auth.Message}", request, ex);
            case SocketException socket:
                // A reset or abort comes from an established connection (a refused connect is ConnectionRefused).
                return phase == Phase.Send && !IsResetCode(socket.SocketErrorCode)
                    ? new ConnectException($"Could not connect to {Host(request)}: {socket.Message} ({socket.SocketErrorCode}).", request, ex)
                    : new ReadException($"The connection to {Host(request)} failed while reading the response: {socket.Message} ({socket.SocketErrorCode}).", request, ex);
            case IOException io:
                return phase == Phase.Send
                    ? new WriteException($"The connection to {Host(request)} failed while sending the request: {io.Message}", request, ex)
                    : new ReadException($"The connection to {Host(request)} failed while reading the response: {Innermost(io).Message}", request, ex);
            case NotSupportedException notSupported when notSupported.Message.Contains("scheme", StringComparison.OrdinalIgnoreCase):
                return new UnsupportedProtocolException($"The URL scheme of {Describe(request)} is not supported: {notSupported.Message}", request, ex);
            default:
                return ex;
        }
    }

    /// <summary>An inner <see cref="HttpRequestException"/> saying the response broke the protocol or a limit, if any.</summary>
    private static HttpRequestException? ProtocolCause(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } cause)
            {
                return cause;
            }
        }

        return null;
    }

    private static Exception MapError(HttpRequestError error, Exception ex, Request? request, Phase phase)
    {
        var detail = Innermost(ex).Message;
        return error switch
        {
            HttpRequestError.NameResolutionError =>
                new ConnectException($"Could not resolve the host name of {Host(request)}: {detail}", request, ex),
            HttpRequestError.ConnectionError when phase == Phase.Send && !IsReset(ex) =>
                new ConnectException($"Could not connect to {Host(request)}: {detail}", request, ex),
            HttpRequestError.ConnectionError =>
                new ReadException($"The connection to {Host(request)} was lost: {detail}", request, ex),
            HttpRequestError.SecureConnectionError =>
                new ConnectException(TlsMessage(ex, request), request, ex),
            HttpRequestError.ProxyTunnelError or HttpRequestError.UserAuthenticationError when IsProxy(ex) =>
                new ProxyException($"The proxy refused or failed the request to {Host(request)}: {detail}", request, ex),
            HttpRequestError.ResponseEnded when phase == Phase.Send =>
                new RemoteProtocolException($"Server disconnected without sending a response ({Describe(request)}).", request, ex),
            HttpRequestError.ResponseEnded =>
                new RemoteProtocolException($"The server closed the connection before the whole body arrived ({Describe(request)}): {detail}", request, ex),
            HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.ConfigurationLimitExceeded =>
                new RemoteProtocolException($"The server sent an invalid response to {Describe(request)}: {detail}", request, ex),
            HttpRequestError.VersionNegotiationError or HttpRequestError.ExtendedConnectNotSupported =>
                new UnsupportedProtocolException($"The HTTP version for {Describe(request)} could not be negotiated: {detail}", request, ex),
            _ when FindInner<SocketException>(ex) is not null => Map(FindInner<SocketException>(ex)!, request, phase) is RequestException mapped
                ? Rewrap(mapped, ex)
                : ex,
            _ when FindInner<AuthenticationException>(ex) is not null => new ConnectException(TlsMessage(ex, request), request, ex),
            _ when FindInner<IOException>(ex) is { } io => Rewrap((RequestException)Map(io, request, phase), ex),
            _ => new TransportException($"The request {Describe(request)} failed: {detail}", request, ex),
        };
    }

    private static RequestException Rewrap(RequestException mapped, Exception original) =>
        (RequestException)Activator.CreateInstance(mapped.GetType(), mapped.Message, mapped.Request, original)!;

    private static string TlsMessage(Exception ex, Request? request)
    {
        var detail = Innermost(ex).Message;
        if (detail.Contains("was not trusted", StringComparison.Ordinal))
        {
            // HttpTransport's own check says which certificate and why.
            return $"Could not connect to {Host(request)}: {detail} Trust its CA with ClientOptions.CaFile or CaCertificates (or SSL_CERT_FILE / SSL_CERT_DIR with TrustEnv); Verify = false turns checking off, for testing only.";
        }

        var trust = detail.Contains("certificate", StringComparison.OrdinalIgnoreCase) || detail.Contains("RemoteCertificate", StringComparison.Ordinal)
            ? "the server's certificate was not trusted"
            : "the TLS handshake failed";
        return $"Could not connect to {Host(request)}: {trust} ({detail}).";
    }

    private static bool IsReset(Exception ex) => FindInner<SocketException>(ex) is { } socket && IsResetCode(socket.SocketErrorCode);

    private static bool IsResetCode(SocketError code) => code is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;

    private static bool IsProxy(Exception ex) => ex.Message.Contains("proxy", StringComparison.OrdinalIgnoreCase) || ex is HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError };

    internal static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (var current = ex.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string Host(Request? request) => request is null ? "the server" : $"{request.Url.Host}:{request.Url.Port}";

    private static string Describe(Request? request) => request is null ? "the request" : $"{request.Method} {UrlBuilder.Redact(request.Url)}";
}
