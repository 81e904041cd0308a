using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Courier;

/// <summary>One server-sent event (<c>text/event-stream</c>), as the HTML standard's parser defines it.</summary>
/// <param name="Event">The event type (<c>message</c> when the stream did not name one).</param>
/// <param name="Data">The data lines joined by <c>\n</c>.</param>
/// <param name="Id">The last event id seen, or null.</param>
/// <param name="Retry">The reconnection time the server asked for, or null.</param>
public sealed record ServerSentEvent(string Event, string Data, string? Id, TimeSpan? Retry)
{
    /// <summary>Parses the data as JSON.</summary>
    public T? Json<T>(System.Text.Json.JsonSerializerOptions? options = null) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(Data, options ?? ClientOptions.DefaultJsonOptions);

    internal static async IAsyncEnumerable<ServerSentEvent> ParseAsync(IAsyncEnumerable<string> lines, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? eventType = null;
        string? lastId = null;
        TimeSpan? retry = null;
        var data = new StringBuilder();
        var hasData = false;
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new ServerSentEvent(eventType ?? "message", data.ToString(), lastId, retry);
                }

                eventType = null;
                data.Clear();
                hasData = false;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    eventType = value;
                    break;
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    lastId = value;
                    break;
                case "retry" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms):
                    retry = TimeSpan.FromMilliseconds(ms);
                    break;
            }
        }

        // An event not ended by a blank line is discarded at the end of the stream, as the HTML standard says.
    }
}
