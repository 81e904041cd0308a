using System.Text;
using Courier.Mocking;
using Courier.Mocking.Matching;
using Courier.Recorder;

namespace Courier.Cli.Recording;

/// <summary>
/// Turns a cassette into <see cref="MockServer"/> stubs for <c>courier replay</c>. Interactions whose requests are
/// identical under the matching rules share one stub that answers with their recorded responses in recorded order,
/// each once (as the recorder replays them); when all are played the stub stops matching, so the next identical
/// request gets MockServer's 404 near-miss report. Scheme, host and port are not matched: the server is the host.
/// </summary>
internal static class ReplayStubs
{
    /// <summary>Recorded headers the server computes itself.</summary>
    private static readonly string[] Computed = ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"];

    public static async Task<int> AddAsync(MockServer server, Cassette cassette, MatchOn matchOn, IReadOnlyList<string> matchHeaders, bool allowRepeats)
    {
        var groups = new Dictionary<string, List<Interaction>>(StringComparer.Ordinal);
        var order = new List<(string Key, RequestSnapshot Snapshot, RecordedRequest Request)>();
        foreach (var interaction in cassette.Interactions)
        {
            using var message = new HttpRequestMessage(new HttpMethod(interaction.Request.Method), interaction.Request.Uri);
            if (interaction.Request.Body is { } body)
            {
                message.Content = new ByteArrayContent(body);
            }

            var snapshot = await RequestSnapshot.FromMessageAsync(message).ConfigureAwait(false);
            var key = Key(snapshot, interaction.Request, matchOn, matchHeaders);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add((key, snapshot, interaction.Request));
            }

            list.Add(interaction);
        }

        foreach (var (key, snapshot, request) in order)
        {
            var played = new PlayList([.. groups[key].Select(i => ToMock(i.Response))], allowRepeats);
            server.Route(route => Conditions(route, snapshot, request, matchOn, matchHeaders))
                .When(_ => played.HasNext, $"one of its {played.Count} recorded response(s) not yet played")
                .Named($"{request.Method} {snapshot.PathAndQuery} x{played.Count}")
                .Respond(_ => played.Next());
        }

        return order.Count;
    }

    private static void Conditions(MockRoute route, RequestSnapshot snapshot, RecordedRequest request, MatchOn matchOn, IReadOnlyList<string> matchHeaders)
    {
        if (matchOn.HasFlag(MatchOn.Method))
        {
            route.Method(request.Method);
        }

        if (matchOn.HasFlag(MatchOn.Path))
        {
            route.Path(snapshot.Path);
        }

        if (matchOn.HasFlag(MatchOn.Query))
        {
            route.WithExactQuery(snapshot.Query);
        }

        if (matchOn.HasFlag(MatchOn.JsonBody) && IsJson(request.Body))
        {
            route.WithJsonBody(Encoding.UTF8.GetString(request.Body!));
        }
        else if (matchOn.HasFlag(MatchOn.Body) || matchOn.HasFlag(MatchOn.JsonBody))
        {
            route.WithBody(request.Body ?? []);
        }

        foreach (var name in matchHeaders)
        {
            route = request.Headers.Get(name) is { } value ? route.WithHeader(name, value) : route.WithoutHeader(name);
        }
    }

    private static string Key(RequestSnapshot snapshot, RecordedRequest request, MatchOn matchOn, IReadOnlyList<string> matchHeaders)
    {
        var key = new StringBuilder();
        key.Append(matchOn.HasFlag(MatchOn.Method) ? request.Method : "*").Append('\n');
        key.Append(matchOn.HasFlag(MatchOn.Path) ? snapshot.Path : "*").Append('\n');
        if (matchOn.HasFlag(MatchOn.Query))
        {
            key.AppendJoin('&', snapshot.Query.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal));
        }

        key.Append('\n');
        if (matchOn.HasFlag(MatchOn.JsonBody) && IsJson(request.Body))
        {
            key.Append("json:").Append(System.Text.Json.Nodes.JsonNode.Parse(request.Body!)?.ToJsonString());
        }
        else if (matchOn.HasFlag(MatchOn.Body) || matchOn.HasFlag(MatchOn.JsonBody))
        {
            key.Append("raw:").Append(Convert.ToBase64String(request.Body ?? []));
        }

        foreach (var name in matchHeaders)
        {
            key.Append('\n').Append(name).Append(':').Append(request.Headers.Get(name));
        }

        return key.ToString();
    }

    private static bool IsJson(byte[]? body)
    {
        if (body is null || body.Length == 0)
        {
            return false;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static MockResponse ToMock(RecordedResponse recorded)
    {
        var response = MockResponse.Bytes(recorded.Body, contentType: null, recorded.StatusCode).WithStatus(recorded.StatusCode, recorded.ReasonPhrase);
        foreach (var header in recorded.Headers)
        {
            if (Computed.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Values)
            {
                response = response.WithHeader(header.Name, value);
            }
        }

        return response;
    }

    /// <summary>The recorded responses of one stub, handed out in order, each once (or the first again with repeats).</summary>
    private sealed class PlayList(MockResponse[] responses, bool allowRepeats)
    {
        private int _next;

        public int Count => responses.Length;

        public bool HasNext => allowRepeats || Volatile.Read(ref _next) < responses.Length;

        public MockResponse Next()
        {
            var index = Interlocked.Increment(ref _next) - 1;
            if (index < responses.Length)
            {
                return responses[index];
            }

            return allowRepeats
                ? responses[0]
                : MockResponse.Text($"courier replay: all {responses.Length} recorded response(s) for this request were already played.\n", 404);
        }
    }
}
