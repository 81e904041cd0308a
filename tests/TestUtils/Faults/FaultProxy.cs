using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Courier.TestUtils.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 port 0 that sits between a client and a real server and injects the faults of a
/// <see cref="Fault"/>: latency, a bandwidth limit, byte-at-a-time delivery, a reset, a stall, a truncation or a
/// half-close after N bytes. The fault is read when a connection is accepted, so changing <see cref="Fault"/> affects
/// new connections only. Counts the client connections it accepted and has open (the client's view of its pool).
/// </summary>
public sealed partial class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];
    private Fault _fault;
    private int _accepted;
    private int _open;

    private FaultProxy(IPEndPoint upstream, Fault fault)
    {
        _upstream = upstream;
        _fault = fault;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The proxy's base URL, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>The fault applied to connections accepted from now on.</summary>
    public Fault Fault
    {
        get => Volatile.Read(ref _fault);
        set => Volatile.Write(ref _fault, value ?? Fault.None);
    }

    /// <summary>Client connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>Client connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Starts a proxy to <paramref name="upstream"/> (an http URL on loopback).</summary>
    public static FaultProxy Start(Uri upstream, Fault? fault = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return new FaultProxy(new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port), fault ?? Fault.None);
    }

    /// <summary>The absolute URL of <paramref name="path"/> through the proxy.</summary>
    public string At(string path) => new Uri(Url, path).ToString();

    /// <summary>Waits until <paramref name="condition"/> holds, polling, for at most <paramref name="timeout"/>; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // The accept loop ends with the listener.
        }

        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _open);
            var task = Task.Run(() => RunConnectionAsync(client, Fault));
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task RunConnectionAsync(Socket client, Fault fault)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_upstream, done.Token);
            var connection = new Relay(client, server, fault, done);
            var up = connection.ClientToServerAsync();
            var down = connection.ServerToClientAsync();

            // The connection ends when the client is gone (its side ended) or a fault ended it.
            await up;
            await done.CancelAsync();
            await down.ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (Exception)
        {
            // A refused upstream or a torn connection: close both sides below.
        }
        finally
        {
            Close(client);
            Close(server);
            Interlocked.Decrement(ref _open);
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Dispose();
        }
        catch (Exception)
        {
            // Already closed.
        }
    }
}
