using System.Net;
using Courier.Recorder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using CassetteRecorder = Courier.Recorder.Recorder;

namespace Courier.Cli.Recording;

/// <summary>
/// The recording reverse proxy behind <c>courier record</c>: Kestrel on 127.0.0.1, every request forwarded to the
/// target through a <see cref="CassetteRecorder"/> (so its mode, matching, redaction and filters apply; the recorder
/// saves the cassette atomically after each recorded interaction).
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CassetteRecorder _recorder;
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _target;
    private readonly TextWriter _log;
    private int _forwarded;

    private RecordingProxy(WebApplication app, CassetteRecorder recorder, Uri target, TextWriter log)
    {
        _app = app;
        _recorder = recorder;
        _invoker = new HttpMessageInvoker(recorder, disposeHandler: false);
        _target = target;
        _log = log;
    }

    /// <summary>The proxy's base URL (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The recorder (its cassette and effective mode).</summary>
    public CassetteRecorder Recorder => _recorder;

    /// <summary>How many requests were answered.</summary>
    public int Forwarded => Volatile.Read(ref _forwarded);

    public static async Task<RecordingProxy> StartAsync(Uri target, string cassettePath, int port, RecorderOptions options, TargetPolicy policy, TextWriter log, CancellationToken cancellationToken)
    {
        var inner = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = policy.ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var recorder = CassetteRecorder.Open(cassettePath, inner, options);
        RecordingProxy? self = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore();

        // The command handles Ctrl+C and SIGTERM itself (it saves the cassette); the host's console lifetime would
        // register a second set of signal handlers that stop the server behind the command's back.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Forwarding.MaxRequestBody;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(context => self!.HandleAsync(context));
        self = new RecordingProxy(app, recorder, target, log);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel started without an address.");
            self.Url = new Uri($"http://127.0.0.1:{new Uri(address).Port}/");
            return self;
        }
        catch
        {
            await self.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var uri = Forwarding.TargetUri(_target, raw);
        if (uri is null)
        {
            await Forwarding.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "bad-target", $"courier record: cannot forward the request target '{raw}'.").ConfigureAwait(false);
            return;
        }

        var before = _recorder.Cassette.Interactions.Count;
        try
        {
            using var request = await Forwarding.ToTargetAsync(context, uri, aborted).ConfigureAwait(false);
            using var response = await _invoker.SendAsync(request, aborted).ConfigureAwait(false);
            await Forwarding.WriteBackAsync(context, response, _target, Url, aborted).ConfigureAwait(false);
            Interlocked.Increment(ref _forwarded);
            var how = _recorder.Cassette.Interactions.Count > before ? "recorded" : "replayed";
            await LogAsync($"{request.Method} {ForLog(uri)} -> {(int)response.StatusCode} ({how})").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (CassetteMismatchException e)
        {
            await LogAsync($"{context.Request.Method} {ForLog(uri)} -> 404 (not in the cassette)").ConfigureAwait(false);
            await Forwarding.WriteErrorAsync(context, StatusCodes.Status404NotFound, "mismatch", e.Message).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            await Forwarding.WriteErrorAsync(context, e.StatusCode, "bad-request", $"courier record: {e.Message}.").ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or CassetteLockedException or UnauthorizedAccessException)
        {
            var status = e is OperationCanceledException ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            await LogAsync($"{context.Request.Method} {ForLog(uri)} -> {status}: {e.Message}").ConfigureAwait(false);
            await Forwarding.WriteErrorAsync(context, status, "target-error", $"courier record: forwarding to {_target} failed: {e.Message}").ConfigureAwait(false);
        }
    }

    /// <summary>The URL for the log line: the path, with any query elided (it may hold secrets).</summary>
    private static string ForLog(Uri uri) => uri.AbsolutePath + (uri.Query.Length > 1 ? "?…" : string.Empty);

    private async Task LogAsync(string line)
    {
        try
        {
            await _log.WriteLineAsync("courier record: " + line).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // stderr closed: the proxy keeps working.
        }
    }

    /// <summary>Stops accepting requests (open ones get up to three seconds, within the command's five-second shutdown budget) and releases the recorder.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _invoker.Dispose();
            _recorder.Dispose();
        }
    }

    /// <summary>A host lifetime that leaves the process's signals to the command.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
