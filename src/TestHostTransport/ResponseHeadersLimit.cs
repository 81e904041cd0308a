using Microsoft.AspNetCore.Http;

namespace Courier.TestHost;

/// <summary>
/// SocketsHttpHandler's <c>MaxResponseHeadersLength</c>, which TestServer lacks: a response whose header block (each
/// field line counted as it would travel, <c>name: value\r\n</c>) exceeds the limit fails with
/// <see cref="HttpRequestException"/> whose <see cref="HttpRequestException.HttpRequestError"/> is
/// <see cref="HttpRequestError.ConfigurationLimitExceeded"/> (Courier's client reports it as
/// <see cref="RemoteProtocolException"/>), and the app's request is aborted. Many small headers count as much as one
/// huge one, so a header flood is caught too.
/// </summary>
internal static class ResponseHeadersLimit
{
    private const int LineOverhead = 4; // ": " and CRLF

    public static void Check(IHeaderDictionary headers, int limitKiB, InFlightRequest flight, HttpRequestMessage request)
    {
        long limit = limitKiB * 1024L;
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + LineOverhead;
            }

            if (total > limit)
            {
                flight.Abort();
                flight.Dispose();
                throw new HttpRequestException(
                    HttpRequestError.ConfigurationLimitExceeded,
                    $"The app's response headers to {request.Method} {request.RequestUri} exceeded the limit of {limit} bytes ({headers.Count} headers, at least {total} bytes, counted as on the wire); TestServerTransport enforces SocketsHttpHandler's MaxResponseHeadersLength. Raise TestServerTransportOptions.MaxResponseHeadersLength (in KiB, now {limitKiB}) if the app really sends such headers.");
            }
        }
    }
}
