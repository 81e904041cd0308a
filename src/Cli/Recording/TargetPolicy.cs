using System.Net;
using Courier.Mocking.Server;

namespace Courier.Cli.Recording;

/// <summary>
/// Where the recording proxy may connect (RELIABILITY.md, stub server row 8): loopback, plus what <c>--allow-host</c>
/// names (a host name, an IP address or a CIDR range). Checked on the target at start-up and again, by MockServer's
/// allow-list, on every resolved address of every connection: a name that resolves (or re-resolves) outside loopback
/// is refused, and an allowed name reaches public addresses only (a private, link-local or other internal address needs
/// its own <c>--allow-host</c> entry). IPv4-mapped and decimal forms are checked as the address they mean. Redirects are
/// passed back to the client, never followed.
/// </summary>
internal sealed class TargetPolicy
{
    private readonly AddressAllowList _list;

    /// <param name="allowedHosts">The <c>--allow-host</c> values.</param>
    /// <param name="resolver">Resolves host names; null uses DNS (tests give a fixed answer).</param>
    /// <param name="connector">Opens the TCP connection to an allowed address; null uses a socket (tests record the attempts).</param>
    public TargetPolicy(
        IReadOnlyList<string> allowedHosts,
        Func<string, CancellationToken, ValueTask<IPAddress[]>>? resolver = null,
        Func<IPEndPoint, CancellationToken, ValueTask<Stream>>? connector = null) =>
        _list = new AddressAllowList([.. AddressAllowList.Loopback, .. allowedHosts], allowAll: false, target => $"pass --allow-host {target} to allow it", resolver, connector);

    /// <summary>Checks the <c>--allow-host</c> values; null when they are all host names, addresses or ranges.</summary>
    public static string? ProblemWith(IReadOnlyList<string> allowedHosts)
    {
        try
        {
            _ = new AddressAllowList(allowedHosts, allowAll: false, _ => string.Empty);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"--allow-host {e.Message.Split(" (Parameter", 2)[0]}";
        }
    }

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

        var host = target.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return _list.Covers(address) ? null : NotAllowed(AddressAllowList.Normalize(address).ToString());
        }

        return IsLocalhostName(host) || _list.NamesHost(host) ? null : NotAllowed(host);
    }

    /// <summary>The connect step of the proxy's handler: resolves the host and connects only to allowed addresses.</summary>
    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        _list.ConnectAsync(context, cancellationToken);

    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static string NotAllowed(string host) =>
        $"--target host '{host}' is not a loopback address; courier record forwards to loopback only unless you name the host with --allow-host {host}";
}
