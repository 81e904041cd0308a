using System.Text;
using Courier.Mocking.Server;
using Courier.Mocking.WireMock;

namespace Courier.Mocking;

public sealed partial class MockServer
{
    private readonly ScenarioStore _scenarios = new();
    private readonly List<(StubPlan Plan, MockRoute Route)> _mappings = [];

    /// <summary>The WireMock scenarios and their current states (every scenario starts in <c>Started</c>; only those that moved are listed).</summary>
    public IReadOnlyDictionary<string, string> ScenarioStates => _scenarios.All;

    /// <summary>
    /// Loads WireMock mappings from a root folder holding <c>mappings/</c> (sub-folders too) and <c>__files/</c>; a
    /// folder without <c>mappings/</c> is read as the mappings folder itself. Each file holds one stub or
    /// <c>{"mappings": [...]}</c>; comments and a BOM are allowed. Nothing is added when any file is invalid
    /// (<see cref="WireMockMappingException"/> names the file, the JSON path and what was expected). Returns the stubs added.
    /// </summary>
    public IReadOnlyList<MockRoute> LoadMappings(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        return Apply(MappingFileReader.ReadFolder(rootDirectory, Options));
    }

    /// <summary>Loads one mapping file (a <c>bodyFileName</c> is looked up in <paramref name="filesDirectory"/> when given).</summary>
    public IReadOnlyList<MockRoute> LoadMappingFile(string path, string? filesDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Apply(MappingFileReader.ReadFile(path, filesDirectory is null ? null : new FilesRoot(filesDirectory), Options));
    }

    /// <summary>Adds stubs from WireMock JSON text (one stub or <c>{"mappings": [...]}</c>).</summary>
    public IReadOnlyList<MockRoute> AddMappings(string json, string? filesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Apply(MappingFileReader.ReadJson(Encoding.UTF8.GetBytes(json), "(inline)", filesDirectory is null ? null : new FilesRoot(filesDirectory), Options));
    }

    /// <summary>Removes a stub (C# or JSON); false when it is not (or no longer) one of this server's.</summary>
    public bool RemoveStub(MockRoute stub)
    {
        ArgumentNullException.ThrowIfNull(stub);
        lock (_mappings)
        {
            _mappings.RemoveAll(m => m.Route == stub);
        }

        return _stubs.RemoveRoute(stub);
    }

    /// <summary>Removes every stub loaded from WireMock JSON (stubs added in C# stay).</summary>
    public void RemoveMappings()
    {
        List<(StubPlan Plan, MockRoute Route)> all;
        lock (_mappings)
        {
            all = [.. _mappings];
        }

        foreach (var (_, route) in all)
        {
            RemoveStub(route);
        }
    }

    /// <summary>
    /// WireMock's <c>mappings/reset</c>: removes the stubs loaded from JSON (or created through the admin API) and loads
    /// <see cref="MockServerOptions.MappingsDirectory"/> again, so the server is back to its files. C# stubs stay.
    /// The files are read before anything is removed: when they no longer load (a file half-written, empty or invalid),
    /// the error is thrown and the current stubs stay active, never a half-loaded set.
    /// </summary>
    public IReadOnlyList<MockRoute> ResetMappings()
    {
        var plans = Options.MappingsDirectory is { } directory ? MappingFileReader.ReadFolder(directory, Options) : [];
        RemoveMappings();
        return Apply(plans);
    }

    private (StubPlan Plan, MockRoute Route)? FindMapping(Guid id)
    {
        lock (_mappings)
        {
            var index = _mappings.FindIndex(m => m.Plan.Id == id);
            return index < 0 ? null : _mappings[index];
        }
    }

    /// <summary>Puts every scenario back in <c>Started</c>.</summary>
    public void ResetScenarios() => _scenarios.Reset();

    private List<MockRoute> Apply(List<StubPlan> plans)
    {
        var routes = new List<MockRoute>(plans.Count);
        foreach (var plan in plans)
        {
            var route = _stubs.Route();
            foreach (var matcher in plan.Matchers)
            {
                route.Matching(matcher);
            }

            if (plan is { ScenarioName: { } scenario, RequiredState: { } required })
            {
                route.When(_ => _scenarios.StateOf(scenario) == required, $"[scenario] {scenario} is in state {required}");
            }

            route.WithPriority(plan.Priority);
            if (plan.Name is { } name)
            {
                route.Named(name);
            }

            if (plan.Response.IsStatic && plan.NewState is null)
            {
                route.Respond(plan.Response.Response);
            }
            else
            {
                route.Respond((context, cancellationToken) => RespondAsync(plan, context, cancellationToken));
            }

            routes.Add(route);
            lock (_mappings)
            {
                _mappings.Add((plan, route));
            }
        }

        return routes;
    }

    private async ValueTask<MockResponse> RespondAsync(StubPlan plan, MockContext context, CancellationToken cancellationToken)
    {
        var response = plan.Response.Response;
        if (plan.Response.ProxyBase is { } proxyBase)
        {
            try
            {
                response = await StubProxy.SendAsync(ProxyInvoker, proxyBase, plan.Response.ProxyHeaders, context.Request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.InnerException is ProxyTargetRefusedException refused)
            {
                // Refused at connect time: 502 naming the host, its addresses and the option that allows them.
                return MockResponse.Text($"MockServer proxy to {proxyBase}: {refused.Message}\n").WithStatus(502);
            }
        }

        if (plan.Response.Dribble is { } dribble)
        {
            response = await Dribble(response, dribble.Chunks, dribble.Total, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Response.RandomDelay is { } delay)
        {
            response = response.WithDelay(response.Delay + delay());
        }

        if (plan is { ScenarioName: { } scenario, NewState: { } next })
        {
            _scenarios.Set(scenario, next);
        }

        return response;
    }

    /// <summary>WireMock's <c>chunkedDribbleDelay</c>: the body in <paramref name="count"/> chunks spread over <paramref name="total"/>.</summary>
    private static async ValueTask<MockResponse> Dribble(MockResponse response, int count, TimeSpan total, CancellationToken cancellationToken)
    {
        byte[] body;
        if (response.OpenStream is { } open)
        {
            var source = open();
            await using (source.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                body = buffer.ToArray();
            }
        }
        else
        {
            body = response.Content?.ToArray() ?? [];
        }

        var size = Math.Max(1, (body.Length + count - 1) / count);
        var chunks = body.Chunk(size).Select(c => (ReadOnlyMemory<byte>)c).ToArray();
        var pause = chunks.Length > 1 ? total / chunks.Length : TimeSpan.Zero;
        var chunked = MockResponse.Chunked(chunks, pause, contentType: null).WithStatus(response.StatusCode, response.ReasonPhrase).WithDelay(response.Delay);
        foreach (var (name, value) in response.Headers)
        {
            chunked = chunked.WithHeader(name, value);
        }

        return chunked;
    }
}
