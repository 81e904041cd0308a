using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Courier.TestUtils.Faults;

/// <summary>
/// A scripted HTTP/2 server speaking h2c with prior knowledge on 127.0.0.1 port 0, for malformed HTTP/2 responses: per
/// connection it reads the client preface, exchanges SETTINGS, waits for the client's first HEADERS frame and hands
/// its stream id to the script, which writes raw frames with <see cref="WriteFrameAsync"/>.
/// </summary>
public sealed class ScriptedH2cServer : IAsyncDisposable
{
    /// <summary>Frame types (RFC 9113 §6).</summary>
    public const byte Data = 0x0, Headers = 0x1, Settings = 0x4, Continuation = 0x9;

    /// <summary>Frame flags.</summary>
    public const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;

    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    private readonly ScriptedServer _server;

    // The listener, its accept loop and the socket bookkeeping are ScriptedServer's; a script's connection stays open
    // until the server stops (the client decides when it has seen enough), as a real server's would.
    private ScriptedH2cServer(Func<H2cConnection, Task> script) => _server = ScriptedServer.Start(async (socket, _, ct) =>
    {
        var connection = new H2cConnection(socket, ct);
        await connection.HandshakeAsync();
        await script(connection);
        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>The server's base URL (http://127.0.0.1:port).</summary>
    public Uri Url => _server.Url;

    /// <summary>Starts the server; <paramref name="script"/> runs once per connection after the client's first HEADERS frame.</summary>
    public static ScriptedH2cServer Start(Func<H2cConnection, Task> script) => new(script);

    /// <summary>Stops accepting and closes every connection.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>One accepted h2c connection.</summary>
    public sealed class H2cConnection
    {
        private readonly Socket _socket;
        private readonly CancellationToken _ct;

        internal H2cConnection(Socket socket, CancellationToken ct)
        {
            _socket = socket;
            _ct = ct;
        }

        /// <summary>The stream id of the client's first HEADERS frame.</summary>
        public int StreamId { get; private set; }

        /// <summary>Writes one frame.</summary>
        public async Task WriteFrameAsync(byte type, byte flags, int streamId, ReadOnlyMemory<byte> payload)
        {
            var frame = new byte[9 + payload.Length];
            frame[0] = (byte)(payload.Length >> 16);
            frame[1] = (byte)(payload.Length >> 8);
            frame[2] = (byte)payload.Length;
            frame[3] = type;
            frame[4] = flags;
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId & 0x7fffffff);
            payload.CopyTo(frame.AsMemory(9));
            await _socket.SendAsync(frame, _ct);
        }

        /// <summary>Whether the client closed or reset the connection (polled without blocking).</summary>
        public bool ClientGone()
        {
            try
            {
                return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
            }
            catch (Exception)
            {
                return true;
            }
        }

        internal async Task HandshakeAsync()
        {
            var preface = await ReadExactlyAsync(Preface.Length);
            if (!preface.AsSpan().SequenceEqual(Preface))
            {
                throw new InvalidDataException("The client did not send the HTTP/2 preface (prior knowledge).");
            }

            await WriteFrameAsync(Settings, 0, 0, ReadOnlyMemory<byte>.Empty);
            while (true)
            {
                var header = await ReadExactlyAsync(9);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var (type, flags) = (header[3], header[4]);
                var stream = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7fffffff;
                await ReadExactlyAsync(length);
                if (type == Settings && (flags & Ack) == 0)
                {
                    await WriteFrameAsync(Settings, Ack, 0, ReadOnlyMemory<byte>.Empty);
                }
                else if (type == Headers)
                {
                    StreamId = stream;
                    return;
                }
            }
        }

        private async Task<byte[]> ReadExactlyAsync(int count)
        {
            var buffer = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await _socket.ReceiveAsync(buffer.AsMemory(read), _ct);
                if (n == 0)
                {
                    throw new EndOfStreamException("The client closed the connection.");
                }

                read += n;
            }

            return buffer;
        }
    }
}
