using System.Net;
using Courier.Mocking.WireMock;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    /// <summary>
    /// Why an admin request does not come from a loopback caller, or null when it does. The listener is loopback-only,
    /// but a web page can still reach it through a rebinding DNS name or a cross-origin fetch: a Host or an Origin that
    /// is not a loopback name is refused (RELIABILITY.md stub server row 4).
    /// </summary>
    private static string? ForeignAdminCaller(HttpRequest request)
    {
        if (!IsLoopbackName(request.Host.Host))
        {
            return $"its Host '{request.Host}' is not 127.0.0.1, [::1] or localhost (a DNS-rebinding guard)";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host)))
        {
            return $"its Origin '{origin}' is not a loopback origin (cross-origin browser requests are refused)";
        }

        return null;
    }

    /// <summary>
    /// Caps what an admin call may send at <see cref="MockServerOptions.MaxRequestBodySize"/> (stub server row 6: a size
    /// cap before reading): a declared larger body gets 413 at once, and Kestrel stops a chunked one at the cap.
    /// </summary>
    private async Task<bool> AdminBodyTooLargeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var limit = Options.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, $"An admin request body may hold at most {limit} bytes (MockServerOptions.MaxRequestBodySize); this one declared {context.Request.ContentLength}.\n", cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return false;
    }

    /// <summary>mappings/reset: 200, or 422 naming the file when the files no longer load (the current stubs stay).</summary>
    private async Task ResetMappingsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            ResetMappings();
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        catch (Exception ex) when (ex is WireMockMappingException or IOException)
        {
            await Server.ResponseWriter.WriteTextAsync(context, StatusCodes.Status422UnprocessableEntity, $"The mapping files did not load, so the current stubs stay: {ex.Message}\n", cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
