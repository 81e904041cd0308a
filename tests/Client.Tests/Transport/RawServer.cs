using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Courier.ClientTests.Transport;

/// <summary>A scripted TCP server on 127.0.0.1 port 0: each accepted connection runs <c>script</c>.</summary>
internal sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Socket> _sockets = [];
    private int _accepted;

    private RawServer(Func<Socket, int, CancellationToken, Task> script, int backlog)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoop(script);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    public static RawServer Start(Func<Socket, int, CancellationToken, Task> script, int backlog = 64) => new(script, backlog);

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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // The accept loop ends with the listener.
        }

        _stop.Dispose();
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private async Task AcceptLoop(Func<Socket, int, CancellationToken, Task> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var index = Interlocked.Increment(ref _accepted);
            lock (_sockets)
            {
                _sockets.Add(socket);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await script(socket, index, _stop.Token);
                }
                catch (Exception)
                {
                    // A script may end with the client gone.
                }
            });
        }
    }
}
