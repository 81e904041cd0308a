using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Courier.MockingTests.Reliability;

/// <summary>Sends exact request bytes to a loopback port and reads what comes back until the server closes or goes quiet.</summary>
internal static class RawHttp
{
    public static async Task<string> ExchangeAsync(int port, string request, TimeSpan? quiet = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var read = socket.ReceiveAsync(buffer, cts.Token).AsTask();
                if (await Task.WhenAny(read, Task.Delay(quiet ?? TimeSpan.FromSeconds(2), cts.Token)) != read)
                {
                    break;
                }

                var n = await read;
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            // A reset or the overall cap: return what arrived.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>The status codes of every response in <paramref name="raw"/>, in order.</summary>
    public static IReadOnlyList<int> Statuses(string raw) =>
        [.. raw.Split("HTTP/1.1 ").Skip(1).Select(r => int.Parse(r[..3], System.Globalization.CultureInfo.InvariantCulture))];
}
