namespace Courier.TestHostTests.Contract;

public abstract partial class SampleAppContract
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(500);

    [Test]
    public async Task ReadTimeout_AppStallsBeforeHead_ThrowsInTime_AndAppSeesAbort()
    {
        await using var client = CreateClient(new ClientOptions { Timeouts = new Timeouts(read: ReadTimeout) });
        var id = NewId();

        var elapsed = await TimeAsync(() => Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync($"/slow?id={id}&ms=20000")));

        elapsed.ShouldBeLessThan(ReadTimeout + Margin);
        await Host.Probe.Aborted(id).WaitAsync(Margin);
    }

    [Test]
    public async Task ReadTimeout_AppStallsMidBody_ThrowsInTime_AndAppSeesAbort()
    {
        await using var client = CreateClient(new ClientOptions { Timeouts = new Timeouts(read: ReadTimeout) });
        var id = NewId();

        var elapsed = await TimeAsync(() => Should.ThrowAsync<ReadTimeoutException>(() => client.GetAsync($"/slow-body?id={id}")));

        elapsed.ShouldBeLessThan(ReadTimeout + Margin);
        await Host.Probe.Aborted(id).WaitAsync(Margin);
    }

    [Test]
    public async Task ReadTimeout_StreamedBodyStalls_ThrowsOnTheRead_AndAppSeesAbort()
    {
        await using var client = CreateClient(new ClientOptions { Timeouts = new Timeouts(read: ReadTimeout) });
        var id = NewId();

        await using var response = await client.StreamAsync("GET", $"/slow-body?id={id}");
        var elapsed = await TimeAsync(() => Should.ThrowAsync<ReadTimeoutException>(async () => await response.ReadBytesAsync()));

        elapsed.ShouldBeLessThan(ReadTimeout + Margin);
        await Host.Probe.Aborted(id).WaitAsync(Margin);
    }

    [Test]
    public async Task CallerCancels_WhileAppIgnoresAbort_OperationCanceledInTime_AndAppSeesAbort()
    {
        await using var client = CreateClient(new ClientOptions { Timeouts = Timeouts.Infinite });
        var id = NewId();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var elapsed = await TimeAsync(() => Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync($"/slow?id={id}&ms=20000", cancellationToken: cts.Token)));

        elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300) + Margin);
        await Host.Probe.Aborted(id).WaitAsync(Margin);
    }

    [Test]
    public async Task CallerCancels_MidBody_OperationCanceled_AndAppSeesAbort()
    {
        await using var client = CreateClient(new ClientOptions { Timeouts = Timeouts.Infinite });
        var id = NewId();

        await using var response = await client.StreamAsync("GET", $"/slow-body?id={id}");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(async () => await response.ReadBytesAsync(cts.Token));

        await Host.Probe.Aborted(id).WaitAsync(Margin);
    }
}
