using System.Net.Sockets;
using System.Text;

namespace Courier.ClientTests.Transport;

/// <summary>
/// A scripted TCP server on 127.0.0.1 port 0: each accepted connection runs <c>script</c>, and stays open until the
/// server stops (the listener and its bookkeeping are <see cref="Courier.TestUtils.Faults.ScriptedServer"/>'s).
/// </summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly Courier.TestUtils.Faults.ScriptedServer _server;

    private RawServer(Func<Socket, int, CancellationToken, Task> script) =>
        _server = Courier.TestUtils.Faults.ScriptedServer.Start(async (socket, index, ct) =>
        {
            await script(socket, index, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });

    public int Port => _server.Port;

    public Uri Url => _server.Url;

    public int ConnectionsAccepted => _server.ConnectionsAccepted;

    public static RawServer Start(Func<Socket, int, CancellationToken, Task> script) => new(script);

    /// <summary>Reads one request head (up to the blank line) and returns it.</summary>
    public static async Task<string> ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await socket.ReceiveAsync(one, ct) == 0)
            {
                return Encoding.ASCII.GetString(buffer.ToArray());
            }

            buffer.Add(one[0]);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>Reads exactly <paramref name="length"/> body bytes.</summary>
    public static async Task ReadBodyAsync(Socket socket, int length, CancellationToken ct)
    {
        var buffer = new byte[Math.Max(1, length)];
        var read = 0;
        while (read < length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read, length - read), ct);
            if (n == 0)
            {
                return;
            }

            read += n;
        }
    }

    public static Task SendAsync(Socket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.ASCII.GetBytes(text), ct).AsTask();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}
