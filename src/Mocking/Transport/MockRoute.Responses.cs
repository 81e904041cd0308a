namespace Courier.Mocking;

public sealed partial class MockRoute
{
    /// <summary>Answers with a status, a Courier <see cref="Body"/> (bytes, text, JSON; serialised once now) and headers.</summary>
    public MockRoute Respond(int statusCode = 200, Body? body = null, Headers? headers = null)
    {
        var response = body is null ? MockResponse.Status(statusCode)
            : body.Buffered is { } bytes ? MockResponse.Bytes(bytes.ToArray(), body.ContentType, statusCode)
            : MockResponse.Stream(body.OpenRead, body.ContentType, statusCode);
        foreach (var (name, value) in headers ?? [])
        {
            response = response.WithHeader(name, value);
        }

        return Respond(response);
    }

    /// <summary>Answers every call with <paramref name="response"/>.</summary>
    public MockRoute Respond(MockResponse response) => SetResponder(Responder.Static(response ?? throw new ArgumentNullException(nameof(response))));

    /// <summary>Answers with a function of the request (it sees <see cref="MockContext.RouteValues"/> and the call number).</summary>
    public MockRoute Respond(Func<MockContext, MockResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return SetResponder(Responder.Function((context, _) => new ValueTask<MockResponse>(respond(context))));
    }

    /// <summary>Answers with an asynchronous function of the request.</summary>
    public MockRoute Respond(Func<MockContext, CancellationToken, ValueTask<MockResponse>> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        return SetResponder(Responder.Function(respond));
    }

    /// <summary>Answers the first call with the first response, the second with the second, …, and every later call with the last.</summary>
    public MockRoute RespondInSequence(params MockResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Length == 0 || responses.Any(r => r is null))
        {
            throw new ArgumentException("Give at least one response, none of them null.", nameof(responses));
        }

        return SetResponder(Responder.Sequence([.. responses]));
    }

    /// <summary>Fails every call with the simulated transport fault.</summary>
    public MockRoute Fail(MockFault fault) => Respond(MockResponse.Failure(fault));

    /// <summary>Sends matching requests on to <see cref="MockTransportOptions.PassThrough"/> (the calls are still recorded).</summary>
    public MockRoute PassThrough() => SetResponder(Responder.PassThrough);

    internal Responder Responder => _responder;

    private MockRoute SetResponder(Responder responder)
    {
        _responder = responder;
        return this;
    }
}

/// <summary>How a route picks its response for a call.</summary>
internal sealed class Responder
{
    private readonly MockResponse? _static;
    private readonly MockResponse[]? _sequence;
    private readonly Func<MockContext, CancellationToken, ValueTask<MockResponse>>? _function;

    private Responder(MockResponse? single, MockResponse[]? sequence, Func<MockContext, CancellationToken, ValueTask<MockResponse>>? function, bool passThrough)
    {
        _static = single;
        _sequence = sequence;
        _function = function;
        IsPassThrough = passThrough;
    }

    public static Responder PassThrough { get; } = new(null, null, null, true);

    public bool IsPassThrough { get; }

    public bool NeedsContext => _function is not null;

    public static Responder Static(MockResponse response) => new(response, null, null, false);

    public static Responder Sequence(MockResponse[] responses) => new(null, responses, null, false);

    public static Responder Function(Func<MockContext, CancellationToken, ValueTask<MockResponse>> function) => new(null, null, function, false);

    /// <summary>The response for the call numbered <paramref name="callNumber"/> (1-based).</summary>
    public ValueTask<MockResponse> PickAsync(int callNumber, MockContext? context, CancellationToken cancellationToken)
    {
        if (_static is not null)
        {
            return new(_static);
        }

        if (_sequence is not null)
        {
            return new(_sequence[Math.Min(callNumber, _sequence.Length) - 1]);
        }

        return _function!(context!, cancellationToken);
    }
}
