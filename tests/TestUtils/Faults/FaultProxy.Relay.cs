using System.Diagnostics;
using System.Net.Sockets;

namespace Courier.TestUtils.Faults;

public sealed partial class FaultProxy
{
    /// <summary>The two directions of one proxied connection, with the fault applied.</summary>
    private sealed class Relay(Socket client, Socket server, Fault fault, CancellationTokenSource done)
    {
        private readonly CancellationToken _ct = done.Token;
        private volatile bool _swallowResponses;

        /// <summary>Client to server; ends when the client closes or goes away.</summary>
        public async Task ClientToServerAsync()
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            var headEnd = new HeadScanner();
            try
            {
                while (true)
                {
                    if (fault.StallRequestAfter is { } stall && total >= stall)
                    {
                        // The server never reads the rest of the upload; the client's writes back up.
                        await WaitForClientCloseAsync();
                        return;
                    }

                    var max = fault.StallRequestAfter is { } s ? (int)Math.Min(buffer.Length, Math.Max(1, s - total)) : buffer.Length;
                    var n = await client.ReceiveAsync(buffer.AsMemory(0, max), _ct);
                    if (n == 0)
                    {
                        return;
                    }

                    var afterFirstHead = fault.ResetOnSecondRequest && headEnd.Seen;
                    headEnd.Feed(buffer.AsSpan(0, n));
                    _swallowResponses |= afterFirstHead;
                    await DelayAsync(fault.Latency);
                    await server.SendAsync(buffer.AsMemory(0, n), _ct);
                    total += n;
                    if (afterFirstHead)
                    {
                        // A second request on a reused connection: the server gets it, the client gets a reset.
                        await Task.Delay(fault.ResetDelay, _ct);
                        Reset(client);
                        return;
                    }
                }
            }
            catch (Exception)
            {
                // The client went away or the connection was ended by a fault.
            }
        }

        /// <summary>Server to client, with the fault; returns early when the fault ends this direction.</summary>
        public async Task ServerToClientAsync()
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            var watch = Stopwatch.StartNew();
            var limit = new[] { fault.ResetAfter, fault.StallAfter, fault.TruncateAfter, fault.HalfCloseAfter }.Min();
            try
            {
                while (true)
                {
                    if (limit is { } at && total >= at)
                    {
                        await ApplyEndFaultAsync();
                        return;
                    }

                    var n = await server.ReceiveAsync(buffer, _ct);
                    if (n == 0)
                    {
                        client.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    if (_swallowResponses)
                    {
                        // The answer to the second request never reaches the client, which gets a reset instead.
                        continue;
                    }

                    var take = limit is { } l ? (int)Math.Min(n, l - total) : n;
                    await DelayAsync(fault.Latency);
                    await WriteShapedAsync(buffer.AsMemory(0, take), total, watch);
                    total += take;
                }
            }
            catch (Exception)
            {
                // Either side went away; the connection is closed by the owner.
            }
        }

        private async Task ApplyEndFaultAsync()
        {
            if (fault.ResetAfter is not null && fault.ResetAfter == Min())
            {
                Reset(client);
                server.Dispose();
                await done.CancelAsync();
            }
            else if (fault.StallAfter is not null && fault.StallAfter == Min())
            {
                await Task.Delay(Timeout.Infinite, _ct);
            }
            else if (fault.TruncateAfter is not null && fault.TruncateAfter == Min())
            {
                client.Shutdown(SocketShutdown.Send);
                server.Dispose();
            }
            else
            {
                // Half-closed: FIN toward the client, the server connection stays open and unread.
                client.Shutdown(SocketShutdown.Send);
                await Task.Delay(Timeout.Infinite, _ct);
            }
        }

        private long? Min() => new[] { fault.ResetAfter, fault.StallAfter, fault.TruncateAfter, fault.HalfCloseAfter }.Min();

        private async Task WriteShapedAsync(ReadOnlyMemory<byte> data, long sentBefore, Stopwatch watch)
        {
            var piece = fault.PieceSize > 0 ? fault.PieceSize : data.Length;
            var sent = 0;
            var unshaped = (int)Math.Clamp(fault.ShapeAfter - sentBefore, 0, data.Length);
            if (unshaped > 0)
            {
                await client.SendAsync(data[..unshaped], _ct);
                sent = unshaped;
            }

            while (sent < data.Length)
            {
                var part = data.Slice(sent, Math.Min(piece, data.Length - sent));
                if (sentBefore + sent > 0 && fault.PieceDelay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.PieceDelay, _ct);
                }

                await client.SendAsync(part, _ct);
                sent += part.Length;
                if (fault.BytesPerSecond > 0)
                {
                    // Hold the average rate: wait until the clock catches up with the bytes sent so far.
                    var due = TimeSpan.FromSeconds((double)(sentBefore + sent) / fault.BytesPerSecond);
                    var ahead = due - watch.Elapsed;
                    if (ahead > TimeSpan.Zero)
                    {
                        await Task.Delay(ahead, _ct);
                    }
                }
            }
        }

        /// <summary>Without reading (the upload stays stalled), waits until the client closed its side (Linux: TCP state CLOSE_WAIT).</summary>
        private async Task WaitForClientCloseAsync()
        {
            var info = new byte[8];
            while (true)
            {
                await Task.Delay(100, _ct);
                if (!OperatingSystem.IsLinux())
                {
                    continue;
                }

                try
                {
                    // getsockopt(IPPROTO_TCP, TCP_INFO): the first byte is the TCP state; 8 is CLOSE_WAIT, 7 is CLOSE.
                    client.GetRawSocketOption(6, 11, info);
                    if (info[0] is 7 or 8)
                    {
                        return;
                    }
                }
                catch (Exception)
                {
                    return;
                }
            }
        }

        private Task DelayAsync(TimeSpan delay) => delay > TimeSpan.Zero ? Task.Delay(delay, _ct) : Task.CompletedTask;

        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (Exception)
            {
                // Already closed.
            }
        }
    }

    /// <summary>Finds the end of the first request head (CR LF CR LF) across reads.</summary>
    private sealed class HeadScanner
    {
        private int _matched;

        public bool Seen { get; private set; }

        public void Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (Seen)
                {
                    return;
                }

                _matched = (_matched, b) switch
                {
                    (0, (byte)'\r') or (2, (byte)'\r') => _matched + 1,
                    (1, (byte)'\n') or (3, (byte)'\n') => _matched + 1,
                    (_, (byte)'\r') => 1,
                    _ => 0,
                };
                Seen = _matched == 4;
            }
        }
    }
}
