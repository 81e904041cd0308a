using System.Diagnostics.Tracing;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;

namespace Courier.ClientTests.Transport;

/// <summary>
/// The client awaits its network transport's exchange directly (no <see cref="HttpMessageInvoker"/> hop), except while
/// System.Net.Http's event source is listened to: the invoker writes its request start and stop events, and a listener
/// must see Courier's requests as it sees any other.
/// </summary>
public class NetworkPathTests
{
    [Test]
    public async Task HttpEventSource_SeesTheClientsRequests_WhileListened()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/seen/{which}", (string which) => which));
        using var client = new Client(new ClientOptions { TrustEnv = false });

        // The process's first requests create the event source; the client then looks it up.
        (await client.GetAsync(new Uri(server.Url, "/seen/before").ToString())).Text.ShouldBe("before");

        using var listener = new RequestStartListener();
        (await client.GetAsync(new Uri(server.Url, "/seen/listened").ToString())).Text.ShouldBe("listened");

        listener.Paths.ShouldContain("/seen/listened", $"System.Net.Http's RequestStart events seen: {string.Join(", ", listener.Paths)}");
    }

    [Test]
    public async Task NetworkRequests_KeepTheirBehaviour_OnTheDirectPath()
    {
        // Redirects, the whole body, streaming and a HEAD over the direct path (no listener, no hooks, no auth).
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/from", () => Microsoft.AspNetCore.Http.Results.Redirect("/to"));
            app.MapGet("/to", () => "arrived");
            app.MapMethods("/head", ["HEAD"], () => Microsoft.AspNetCore.Http.Results.Text("unseen"));
        });
        using var client = new Client(new ClientOptions { BaseUrl = server.Url, TrustEnv = false, FollowRedirects = true });

        var followed = await client.GetAsync("/from");
        followed.Text.ShouldBe("arrived");
        followed.History.Count.ShouldBe(1);
        followed.History[0].StatusCode.ShouldBe(302);

        await using (var streamed = await client.StreamAsync("GET", "/to"))
        {
            (await streamed.ReadTextAsync()).ShouldBe("arrived");
        }

        var head = await client.SendAsync(client.BuildRequest("HEAD", "/head"));
        head.StatusCode.ShouldBe(200);
        head.Content.Length.ShouldBe(0);
    }

    /// <summary>The paths of System.Net.Http's RequestStart events (scheme, host, port, path and query, version).</summary>
    private sealed class RequestStartListener : EventListener
    {
        private readonly List<string> _paths = [];
        private EventSource? _source;

        public IReadOnlyList<string> Paths
        {
            get
            {
                lock (_paths)
                {
                    return [.. _paths];
                }
            }
        }

        public override void Dispose()
        {
            if (_source is not null)
            {
                DisableEvents(_source);
            }

            base.Dispose();
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Net.Http")
            {
                _source = eventSource;
                EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "RequestStart" && eventData.Payload is { Count: >= 4 } payload)
            {
                lock (_paths)
                {
                    _paths.Add(payload[3]?.ToString() ?? "");
                }
            }
        }
    }
}
