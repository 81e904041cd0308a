using System.Net;
using System.Net.Sockets;

namespace Courier.Mocking.Server;

/// <summary>The connect step of a proxy's <see cref="SocketsHttpHandler"/>: resolve, check every address, connect to allowed ones only.</summary>
internal sealed partial class AddressAllowList
{
    /// <summary>A <see cref="SocketsHttpHandler"/> that connects only where this list allows and never follows redirects.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = ConnectAsync,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: runs on every new connection (every hop, every re-resolution).</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var candidates = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = candidates.Where(a => Allows(host, a)).Select(Normalize).Distinct().ToArray();
        if (allowed.Length == 0)
        {
            throw new ProxyTargetRefusedException(host, candidates, HowToAllow);
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            if (Connector is { } connector)
            {
                try
                {
                    return await connector(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    last = e;
                    continue;
                }
            }

            Socket? socket = null;
            try
            {
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket?.Dispose();
                last = e;
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"could not connect to {host}:{port} ({string.Join(", ", allowed.Select(a => a.ToString()))}): {last?.Message}", last);
    }

    private async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Resolver(bare, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"could not resolve {host}: {e.Message}", e);
        }
    }
}

/// <summary>A proxy refused to connect: every address the host resolved to is outside the allow-list.</summary>
internal sealed class ProxyTargetRefusedException(string host, IReadOnlyList<IPAddress> addresses, Func<string, string> howToAllow)
    : IOException(Describe(host, addresses, howToAllow))
{
    /// <summary>The host as the request named it.</summary>
    public string Host { get; } = host;

    /// <summary>The addresses it resolved to, none of them allowed.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; } = addresses;

    private static string Describe(string host, IReadOnlyList<IPAddress> addresses, Func<string, string> howToAllow)
    {
        var list = addresses.Count == 0 ? "no address" : string.Join(", ", addresses.Select(a => AddressAllowList.Normalize(a).ToString()));
        var first = addresses.Count == 0 ? host : AddressAllowList.Normalize(addresses[0]).ToString();
        return $"refused to connect to {host} ({list}): not an allowed address; {howToAllow(first)}";
    }
}
