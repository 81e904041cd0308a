using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

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
        if (headers is HeaderDictionary dictionary)
        {
            // TestServer's own dictionary: its struct enumerator, no boxed one.
            foreach (var (name, values) in dictionary)
            {
                total += Size(name, values);
            }
        }
        else
        {
            foreach (var (name, values) in headers)
            {
                total += Size(name, values);
            }
        }

        if (total > limit)
        {
            flight.Abort();
            flight.Dispose();
            throw new HttpRequestException(
                HttpRequestError.ConfigurationLimitExceeded,
                $"The app's response headers to {request.Method} {request.RequestUri} take {total} bytes ({headers.Count} headers, counted as on the wire), over the limit of {limit} bytes; TestServerTransport enforces SocketsHttpHandler's MaxResponseHeadersLength. Raise TestServerTransportOptions.MaxResponseHeadersLength (in KiB, now {limitKiB}) if the app really sends such headers.");
        }
    }

    private static long Size(string name, StringValues values)
    {
        long size = 0;
        for (var i = 0; i < values.Count; i++)
        {
            size += name.Length + (values[i]?.Length ?? 0) + LineOverhead;
        }

        return size;
    }
}
