using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Courier.Mocking.Server;

internal static partial class ResponseWriter
{
    /// <summary>Chunks with pauses, a stream (a file from disk is never buffered whole), or bytes; each stops at the body break.</summary>
    private static async Task WriteStreamedAsync(HttpContext context, MockResponse response, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = context.Response.Body;
        var budget = response.BodyBreak?.AfterBytes ?? long.MaxValue;
        if (response.Chunks is { } chunks)
        {
            await context.Response.StartAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunks.Count && budget > 0; i++)
            {
                if (i > 0 && response.ChunkPause > TimeSpan.Zero)
                {
                    await Task.Delay(response.ChunkPause, time, cancellationToken).ConfigureAwait(false);
                }

                budget = await WriteLimitedAsync(body, chunks[i], budget, cancellationToken).ConfigureAwait(false);
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else if (response.OpenStream is { } open)
        {
            var source = open();
            await using (source.ConfigureAwait(false))
            {
                if (response.BodyBreak is null && source.CanSeek)
                {
                    context.Response.ContentLength = source.Length - source.Position;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
                try
                {
                    int read;
                    while (budget > 0 && (read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        budget = await WriteLimitedAsync(body, buffer.AsMemory(0, read), budget, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        else if (response.Content is { } bytes)
        {
            budget = await WriteLimitedAsync(body, bytes, budget, cancellationToken).ConfigureAwait(false);
        }

        if (response.BodyBreak is { } broken && budget <= 0)
        {
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (broken.Fault == MockFault.ConnectionReset)
            {
                WireFaultCommitter.Reset(context);
            }
            else
            {
                await WireFaultCommitter.CloseAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask<long> WriteLimitedAsync(Stream body, ReadOnlyMemory<byte> bytes, long budget, CancellationToken cancellationToken)
    {
        var take = (int)Math.Min(bytes.Length, budget);
        await body.WriteAsync(bytes[..take], cancellationToken).ConfigureAwait(false);
        return take < bytes.Length ? 0 : budget - take;
    }
}
