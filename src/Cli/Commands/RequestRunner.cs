namespace Courier.Cli.Commands;

/// <summary>Sends the request described on the command line and shows the response; returns the exit code.</summary>
internal sealed class RequestRunner(RequestArguments arguments, CliConsoles consoles)
{
    private readonly ResponseRenderer _renderer = new(consoles.CreateInk(arguments.NoColor));

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new Client(ClientOptionsFor(arguments));
            var options = new RequestOptions
            {
                Params = arguments.Params,
                Headers = arguments.Headers,
                Cookies = arguments.Cookies.Count == 0 ? null : arguments.Cookies,
                Auth = arguments.Auth,
            };
            var stream = arguments.Download is not null;
            var response = await client.StreamAsync(arguments.Method, arguments.Url.ToString(), arguments.Body, options, cancellationToken).ConfigureAwait(false);
            await using (response.ConfigureAwait(false))
            {
                if (!arguments.Verbose)
                {
                    _renderer.ResponseHead(response);
                }

                if (stream && response.IsSuccess)
                {
                    var written = await new FileDownloader(_renderer.Ink, consoles.Interactive && !arguments.NoColor)
                        .DownloadAsync(response, arguments.Download!, cancellationToken).ConfigureAwait(false);
                    _renderer.Ink.Line(new Part($"Saved {Sizes.Describe(written)} to {arguments.Download} in {Sizes.Describe(response.Elapsed)}.", Palette.Dim));
                }
                else
                {
                    await response.ReadBytesAsync(cancellationToken).ConfigureAwait(false);
                    _renderer.Body(response);
                }

                _renderer.Ink.Flush();
                return response.IsSuccess ? 0 : Failures.ExitCode;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _renderer.Ink.Flush();
            consoles.Error.WriteLine("courier: cancelled.");
            return Failures.CancelledExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Transport and status failures (CourierException), file errors of --download, and anything unexpected:
            // one line naming the failure; the stack trace only with --verbose.
            _renderer.Ink.Flush();
            Failures.Report(consoles.Error, ex, arguments.Verbose);
            return Failures.ExitCode;
        }
        finally
        {
            foreach (var file in arguments.OpenFiles)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private ClientOptions ClientOptionsFor(RequestArguments a) => new()
    {
        Timeouts = new Timeouts(a.Timeout),
        FollowRedirects = a.FollowRedirects,
        Verify = !a.NoVerify,
        Http2 = a.Http2,
        Proxy = a.Proxy,
        EventHooks = a.Verbose ? VerboseHooks() : null,
    };

    /// <summary>Verbose: every hop's request head before it is sent, and its response head when it arrives.</summary>
    private EventHooks VerboseHooks() => new()
    {
        Request = [(request, _) => { _renderer.RequestHead(request); return ValueTask.CompletedTask; }],
        Response = [(response, _) => { _renderer.ResponseHead(response); return ValueTask.CompletedTask; }],
    };
}
