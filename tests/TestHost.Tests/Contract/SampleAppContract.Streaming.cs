using System.IO.Pipelines;
using System.Text;

namespace Courier.TestHostTests.Contract;

public abstract partial class SampleAppContract
{
    [Test]
    public async Task Stream_HeadersArriveWhenFlushed_BeforeTheBodyExists()
    {
        await using var client = CreateClient();
        var id = NewId();

        // The app flushes its head, then waits for "go": the head must reach us while it waits.
        await using var response = await client.StreamAsync("GET", $"/stream?id={id}").WaitAsync(Margin);
        response.Headers["X-Stream"].ShouldBe("started");
        Host.Probe.Signal("go:" + id).TrySetResult();
        var lines = new List<string>();
        await foreach (var line in response.ReadLinesAsync())
        {
            lines.Add(line);
        }

        lines.ShouldBe(["chunk1", "chunk2", "chunk3"]);
    }

    [Test]
    public async Task Sse_EndlessStream_ReadEventByEvent_ThenStopped_AppSeesAbort()
    {
        await using var client = CreateClient();
        var id = NewId();
        var events = new List<ServerSentEvent>();

        await using (var response = await client.StreamAsync("GET", $"/sse?id={id}"))
        {
            response.Headers["Content-Type"].ShouldBe("text/event-stream");
            await foreach (var sse in response.ReadEventsAsync())
            {
                events.Add(sse);
                if (events.Count == 3)
                {
                    break;
                }
            }
        }

        events.Select(e => (e.Event, e.Data, e.Id)).ShouldBe([("tick", "0", "0"), ("tick", "1", "1"), ("tick", "2", "2")]);
        await Host.Probe.Aborted(id).WaitAsync(Margin);
        await Host.Probe.Finished(id).WaitAsync(Margin);
    }

    [Test]
    public async Task Upload_RequestBodyStreamsIntoTheApp()
    {
        await using var client = CreateClient();
        var id = NewId();
        var pipe = new Pipe();

        // The rest is written only once the app has read the first part: a buffering transport would deadlock here.
        // (20 kB, more than SocketsHttpHandler's write buffer, so the network leg sends it without a flush.)
        var send = client.PostAsync($"/upload?id={id}", Body.Stream(pipe.Reader.AsStream()));
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(new string('a', 20_000)));
        await Host.Probe.Signal("first-chunk:" + id).Task.WaitAsync(Margin);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(new string('b', 500)));
        await pipe.Writer.CompleteAsync();
        var response = await send.WaitAsync(Margin);

        response.Text.ShouldBe("received 20500");
    }

    [Test]
    public async Task Head_HasNoBody_KeepsContentLength()
    {
        await using var client = CreateClient();

        var head = await client.HeadAsync("/head");
        var get = await client.GetAsync("/head");

        head.StatusCode.ShouldBe(200);
        head.Headers["Content-Length"].ShouldBe("10");
        head.Content.Length.ShouldBe(0);
        get.Text.ShouldBe("hello body");
    }

    [Test]
    public async Task ContentLength_BodyShorterThanDeclared_ThrowsRemoteProtocol()
    {
        await using var client = CreateClient();

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/cl-short"));
    }

    [Test]
    public async Task ContentLength_BodyLongerThanDeclared_ThrowsRemoteProtocol()
    {
        await using var client = CreateClient();

        await Should.ThrowAsync<RemoteProtocolException>(() => client.GetAsync("/cl-long"));
    }

    [Test]
    public async Task ContentLength_WrittenAsText_ArrivesAsTheNumberTheServerParsed()
    {
        await using var client = CreateClient();

        var response = await client.GetAsync("/cl-text");
        var head = await client.HeadAsync("/cl-text");

        response.Headers["Content-Length"].ShouldBe("12");
        response.Text.ShouldBe("hello world!");
        head.Headers["Content-Length"].ShouldBe("12");
        head.Content.Length.ShouldBe(0);
    }
}
