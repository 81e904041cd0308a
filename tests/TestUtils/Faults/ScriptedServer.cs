using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Courier.TestUtils.Faults;

/// <summary>
/// A raw TCP server on 127.0.0.1 port 0 that answers with exact bytes: each accepted connection runs the script
/// with the socket and the connection's number (1, 2, ...). Counts accepted and open connections.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Socket> _sockets = [];
    private readonly List<string> _requests = [];
    private int _accepted;
    private int _open;

    private ScriptedServer(Func<Socket, int, CancellationToken, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(128);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync(script);
    }

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The base URL, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>Connections whose script has not ended yet.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Request heads read through <see cref="ReadHeadAsync"/>, prefixed with the connection number ("2:GET / HTTP/1.1...").</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server running <paramref name="script"/> for every connection.</summary>
    public static ScriptedServer Start(Func<Socket, int, CancellationToken, Task> script) => new(script);

    /// <summary>Starts a server that reads each request head and answers every request on a connection with <paramref name="reply"/>, then closes.</summary>
    public static ScriptedServer Replying(string reply) => Replying(Encoding.Latin1.GetBytes(reply));

    /// <summary>Starts a server that reads one request head per connection, sends <paramref name="reply"/> and closes the connection.</summary>
    public static ScriptedServer Replying(byte[] reply)
    {
        ScriptedServer? self = null;
        self = new ScriptedServer(async (socket, index, ct) =>
        {
            await self!.ReadHeadAsync(socket, index, ct);
            await socket.SendAsync(reply, ct);
            socket.Shutdown(SocketShutdown.Send);
            await DrainAsync(socket, ct);
        });
        return self;
    }

    /// <summary>Reads one request head (up to the blank line), records it, and returns it ("" when the client closed first).</summary>
    public async Task<string> ReadHeadAsync(Socket socket, int index, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await socket.ReceiveAsync(one, ct) == 0)
            {
                return string.Empty;
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.Latin1.GetString(buffer.ToArray());
        lock (_requests)
        {
            _requests.Add($"{index}:{head}");
        }

        return head;
    }

    /// <summary>Reads until the client closes (so closing does not turn into a reset from unread data).</summary>
    public static async Task DrainAsync(Socket socket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, ct) > 0)
            {
            }
        }
        catch (Exception)
        {
            // The client reset or the server stopped.
        }
    }

    /// <summary>Sends ASCII/Latin-1 text.</summary>
    public static Task SendAsync(Socket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.Latin1.GetBytes(text), ct).AsTask();

    /// <inheritdoc />
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

    private async Task AcceptLoopAsync(Func<Socket, int, CancellationToken, Task> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var index = Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _open);
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
                finally
                {
                    socket.Dispose();
                    Interlocked.Decrement(ref _open);
                }
            });
        }
    }
}
