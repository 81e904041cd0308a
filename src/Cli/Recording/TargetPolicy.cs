using System.Net;
using System.Net.Sockets;

namespace Courier.Cli.Recording;

/// <summary>
/// Where the recording proxy may connect (RELIABILITY.md, stub server row 8): loopback only, unless the target's host
/// is named with <c>--allow-host</c>. Checked on the target at start-up and again on the resolved address of every
/// connection, so a name that resolves (or re-resolves) outside loopback is refused too.
/// </summary>
internal sealed class TargetPolicy(IReadOnlyList<string> allowedHosts)
{
    /// <summary>Why the proxy must not forward to <paramref name="target"/>, or null when it may.</summary>
    public string? Problem(Uri target)
    {
        if (!target.IsAbsoluteUri || target.Scheme is not ("http" or "https"))
        {
            return $"--target '{target}' is not an absolute http:// or https:// URL";
        }

        if (target.UserInfo.Length > 0)
        {
            return "--target holds credentials (user:password@); send them as a header instead (they are redacted from the cassette)";
        }

        if (!string.IsNullOrEmpty(target.Query) || !string.IsNullOrEmpty(target.Fragment))
        {
            return "--target must not have a query or fragment; give the base URL (a path prefix is fine)";
        }

        if (IsAllowed(target.IdnHost))
        {
            return null;
        }

        if (IPAddress.TryParse(target.IdnHost, out var address))
        {
            return IsLoopback(address) ? null : NotLoopback(target.IdnHost);
        }

        return IsLocalhostName(target.IdnHost) ? null : NotLoopback(target.IdnHost);
    }

    /// <summary>The connect step of the proxy's handler: resolves the host and refuses addresses outside loopback unless allowed.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var allowed = IsAllowed(endPoint.Host);
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var usable = allowed ? addresses : [.. addresses.Where(IsLoopback)];
        if (usable.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"courier record refuses to connect to {endPoint.Host} ({string.Join(", ", addresses.Select(a => a.ToString()))}): not a loopback address; pass --allow-host {endPoint.Host} to allow it");
        }

        SocketException? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"could not connect to {endPoint.Host}:{endPoint.Port}: {last?.Message}", last);
    }

    private bool IsAllowed(string host) => allowedHosts.Contains(host.Trim('[', ']'), StringComparer.OrdinalIgnoreCase);

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static string NotLoopback(string host) =>
        $"--target host '{host}' is not a loopback address; courier record forwards to loopback only unless you name the host with --allow-host {host}";
}
