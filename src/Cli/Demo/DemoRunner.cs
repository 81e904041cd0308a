using System.Diagnostics;

namespace Courier.Cli.Demo;

/// <summary>Fetches the three samples with a <see cref="Client"/> and narrates each exchange.</summary>
internal sealed class DemoRunner(IDemoSource source, ResponseRenderer renderer)
{
    private Ink Ink => renderer.Ink;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Ink.Line(new Part("courier demo", Palette.Success), $" — fetching three samples from {source.Description}.");
        Ink.Line();
        await using var client = new Client(new ClientOptions { BaseUrl = source.BaseUrl, FollowRedirects = true, Timeouts = new Timeouts(TimeSpan.FromSeconds(30)) });
        var ok = await JsonAsync(client, cancellationToken).ConfigureAwait(false)
            & await RedirectAsync(client, cancellationToken).ConfigureAwait(false)
            & await StreamAsync(client, cancellationToken).ConfigureAwait(false);
        Ink.Line(ok ? new Part("All three samples worked.", Palette.Success) : new Part("A sample failed (see above).", Palette.Failure));
        Ink.Line("The demo server has stopped. Next, point courier at a server of yours, e.g. courier http://127.0.0.1:8080/ -v");
        Ink.Line("(docs/cli.md lists every option with an example).");
        Ink.Flush();
        return ok ? 0 : Failures.ExitCode;
    }

    private async Task<bool> JsonAsync(Client client, CancellationToken cancellationToken)
    {
        Title(1, "JSON", $"GET {DemoSamples.Json}: the body is pretty-printed and highlighted.");
        var response = await client.GetAsync(DemoSamples.Json, cancellationToken: cancellationToken).ConfigureAwait(false);
        renderer.ResponseHead(response);
        renderer.Body(response);
        Ink.Line();
        return response.IsSuccess;
    }

    private async Task<bool> RedirectAsync(Client client, CancellationToken cancellationToken)
    {
        Title(2, "Redirect", $"GET {DemoSamples.Redirect} with redirects followed: every hop is kept in Response.History.");
        var response = await client.GetAsync(DemoSamples.Redirect, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var hop in response.History)
        {
            Ink.Line(new Part($"  {hop.StatusCode} {hop.ReasonPhrase}", Palette.ForStatus(hop.StatusCode)), $"  {hop.Request.Method} {hop.Request.Url.PathAndQuery} → Location: {hop.Headers["Location"]}");
        }

        Ink.Line(new Part($"  {response.StatusCode} {response.ReasonPhrase}", Palette.ForStatus(response.StatusCode)), $"  {response.Request.Method} {response.Request.Url.PathAndQuery} ({response.History.Count} redirect followed, {Sizes.Describe(response.Content.Length)})");
        Ink.Line();
        return response.IsSuccess && response.History.Count == 1;
    }

    private async Task<bool> StreamAsync(Client client, CancellationToken cancellationToken)
    {
        Title(3, "Stream", $"GET {DemoSamples.Stream} streamed: each line is shown as it arrives.");
        var clock = Stopwatch.StartNew();
        var response = await client.StreamAsync("GET", DemoSamples.Stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var lines = 0;
        await using (response.ConfigureAwait(false))
        {
            Ink.Line(new Part($"  {response.HttpVersion} {response.StatusCode} {response.ReasonPhrase}", Palette.ForStatus(response.StatusCode)), $"  head after {Sizes.Describe(clock.Elapsed)}");
            await foreach (var line in response.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                lines++;
                Ink.Line(new Part($"  +{Sizes.Describe(clock.Elapsed),-8}", Palette.Dim), line);
            }
        }

        Ink.Line();
        return response.IsSuccess && lines == DemoSamples.StreamLines;
    }

    private void Title(int number, string name, string what) =>
        Ink.Line(new Part($"{number}. {name}", Palette.RequestLine), "  " + what);
}
