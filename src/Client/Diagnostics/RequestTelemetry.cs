using System.Diagnostics;

namespace Courier.Diagnostics;

/// <summary>
/// One logical request's telemetry: a span (kind Internal) around the whole call with a child span (kind Client) per
/// hop, the <c>http.client.request.duration</c> measurement, and the observer's callbacks. The client calls
/// <see cref="IsEnabled"/> first, so with no listener and no observer none of this exists.
/// </summary>
internal sealed class RequestTelemetry
{
    private static readonly AsyncLocal<RequestTelemetry?> CurrentScope = new();

    private readonly Request _request;
    private readonly TimeProvider _time;
    private readonly ClientObserver? _observer;
    private readonly Activity? _activity;
    private readonly bool _countsActive;
    private readonly long _started;
    private int _hops;

    private RequestTelemetry(Request request, ClientOptions options)
    {
        _request = request;
        _time = options.TimeProvider;
        _observer = options.Observer is { IsEnabled: true } observer ? observer : null;
        _started = _time.GetTimestamp();
        _activity = CourierTelemetry.Source.StartActivity(TelemetryTags.SpanName(request.Method), ActivityKind.Internal);
        if (_activity is { IsAllDataRequested: true })
        {
            TelemetryTags.AddRequestTags(_activity, request);
        }

        _countsActive = CourierTelemetry.ActiveRequests.Enabled;
        if (_countsActive)
        {
            CourierTelemetry.ActiveRequests.Add(1, TelemetryTags.MetricTags(request));
        }
    }

    /// <summary>The logical request in flight on this async flow, if it is observed.</summary>
    public static RequestTelemetry? Current => CurrentScope.Value;

    /// <summary>Whether a request sent with <paramref name="options"/> is observed at all (three cheap checks).</summary>
    public static bool IsEnabled(ClientOptions options) => CourierTelemetry.IsEnabled(options.Observer);

    /// <summary>Runs a logical request under a span, measures it, and tells the observer.</summary>
    public static async Task<Response> TrackAsync(
        Request request, bool stream, ClientOptions options, Func<Request, bool, CancellationToken, Task<Response>> send, CancellationToken cancellationToken)
    {
        var scope = new RequestTelemetry(request, options);
        CurrentScope.Value = scope;
        Response response;
        try
        {
            response = await send(request, stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Stop(null, ex);
            throw;
        }

        scope.Stop(response, null);
        return response;
    }

    /// <summary>Runs one hop under a child span and tells the observer.</summary>
    /// <param name="request">The hop's request.</param>
    /// <param name="redirect">Whether the hop follows a redirect.</param>
    /// <param name="send">The single-hop send.</param>
    /// <param name="cancellationToken">The call's token.</param>
    public async ValueTask<Response> HopAsync(Request request, bool redirect, Func<Request, CancellationToken, ValueTask<Response>> send, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _hops) - 1;
        var kind = redirect ? HopKind.Redirect : index == 0 ? HopKind.Initial : HopKind.Auth;
        using var activity = CourierTelemetry.Source.StartActivity(TelemetryTags.SpanName(request.Method), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            TelemetryTags.AddRequestTags(activity, request);
            activity.SetTag(TelemetryTags.HopKindTag, TelemetryTags.HopKindText(kind));
            if (index > 0)
            {
                activity.SetTag(TelemetryTags.ResendCount, index);
            }
        }

        _observer?.OnHopStarting(new HopStartingArguments(request, index, kind));
        var started = _time.GetTimestamp();
        Response response;
        try
        {
            response = await send(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (activity is { IsAllDataRequested: true })
            {
                TelemetryTags.AddOutcomeTags(activity, null, ex);
            }

            _observer?.OnHopCompleted(new HopCompletedArguments(request, index, kind, null, ex, _time.GetElapsedTime(started)));
            throw;
        }

        if (activity is { IsAllDataRequested: true })
        {
            TelemetryTags.AddOutcomeTags(activity, response, null);
        }

        _observer?.OnHopCompleted(new HopCompletedArguments(request, index, kind, response, null, _time.GetElapsedTime(started)));
        return response;
    }

    private void Stop(Response? response, Exception? error)
    {
        var elapsed = _time.GetElapsedTime(_started);
        var hops = Volatile.Read(ref _hops);
        if (_activity is not null)
        {
            if (_activity.IsAllDataRequested)
            {
                TelemetryTags.AddOutcomeTags(_activity, response, error);
                _activity.SetTag(TelemetryTags.HopCount, hops);
            }

            _activity.Dispose();
        }

        var tags = default(System.Diagnostics.TagList);
        if (_countsActive || CourierTelemetry.RequestDuration.Enabled)
        {
            tags = TelemetryTags.MetricTags(_request);
        }

        if (_countsActive)
        {
            CourierTelemetry.ActiveRequests.Add(-1, tags);
        }

        if (CourierTelemetry.RequestDuration.Enabled)
        {
            if (response is not null)
            {
                tags.Add(TelemetryTags.StatusCode, response.StatusCode);
                tags.Add(TelemetryTags.ProtocolVersion, TelemetryTags.ProtocolVersionOf(response));
                if (response.StatusCode >= 400)
                {
                    tags.Add(TelemetryTags.ErrorType, response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            if (error is not null)
            {
                tags.Add(TelemetryTags.ErrorType, TelemetryTags.ErrorTypeOf(error));
            }

            CourierTelemetry.RequestDuration.Record(elapsed.TotalSeconds, tags);
        }

        _observer?.OnRequestCompleted(new RequestCompletedArguments(_request, response, error, elapsed, hops));
    }
}
