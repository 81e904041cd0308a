using System.Globalization;
using System.Text;
using Courier.Mocking.Matching;
using EngineMatcher = Courier.Mocking.Matching.RequestMatcher;

namespace Courier.Recorder.Matching;

/// <summary>
/// Turns recorded requests into request patterns of the shared matching engine (<c>Courier.Mocking.Matching</c>), so
/// the recorder matches with the very matchers <c>MockTransport</c> uses: a recorded interaction is a route whose
/// conditions are the recorded method, scheme, host, port, exact path, exact query (any order), body and headers.
/// </summary>
internal sealed class InteractionPatterns(RecorderOptions options)
{
    public MatchOn On => options.MatchOn;

    /// <summary>A snapshot of a recorded (or filtered live) request, as the engine's matchers read it.</summary>
    public static RequestSnapshot Snapshot(RecordedRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Values)
            {
                headers.Add(new(header.Name, value));
            }
        }

        return new RequestSnapshot(request.Method, new Uri(request.Uri), headers, request.Body ?? default(ReadOnlyMemory<byte>));
    }

    /// <summary>The pattern a live request must pass to replay <paramref name="recorded"/>; the report prints its matchers in this order.</summary>
    public RequestPattern PatternFor(RecordedRequest recorded, RequestSnapshot snapshot)
    {
        var on = options.MatchOn;
        var list = new List<EngineMatcher>();
        if (on.HasFlag(MatchOn.Method))
        {
            list.Add(new MethodMatcher(snapshot.Method));
        }

        if (on.HasFlag(MatchOn.Scheme))
        {
            list.Add(new UrlPartMatcher(UrlPart.Scheme, snapshot.Scheme));
        }

        if (on.HasFlag(MatchOn.Host))
        {
            list.Add(new UrlPartMatcher(UrlPart.Host, snapshot.Host));
        }

        if (on.HasFlag(MatchOn.Port))
        {
            list.Add(new UrlPartMatcher(UrlPart.Port, snapshot.Port.ToString(CultureInfo.InvariantCulture)));
        }

        if (on.HasFlag(MatchOn.Path))
        {
            list.Add(snapshot.Path.StartsWith('/') ? PathMatcher.Exact(snapshot.Path) : new PredicateMatcher(r => r.Path == snapshot.Path, "[path] " + snapshot.Path));
        }

        if (on.HasFlag(MatchOn.Query))
        {
            list.Add(new QueryExactMatcher(snapshot.Query));
        }

        if (on.HasFlag(MatchOn.Body))
        {
            list.Add(BodyMatcher.Raw(snapshot.Body.Span));
        }

        if (on.HasFlag(MatchOn.JsonBody))
        {
            list.Add(snapshot.Json is { } json ? new JsonBodyMatcher(json) : BodyMatcher.Raw(snapshot.Body.Span));
        }

        foreach (var header in options.MatchHeaders)
        {
            var values = snapshot.HeaderValues(header);
            if (values.Count == 0)
            {
                list.Add(new NamedValueMatcher(NamedValueSource.Header, header, ValuePattern.Absent()));
            }

            list.AddRange(values.Select(v => new NamedValueMatcher(NamedValueSource.Header, header, ValuePattern.EqualTo(v))));
        }

        list.AddRange(options.CustomMatchers.Select(m => new RecordedPredicateMatcher(m, recorded)));
        foreach (var factory in options.PatternMatchers)
        {
            var matcher = factory(recorded) ?? throw new InvalidOperationException("A RecorderOptions.PatternMatchers factory returned null; return a matcher.");
            list.Add(matcher.IsAsync
                ? throw new InvalidOperationException($"The matcher '{matcher.Describe()}' is asynchronous; the recorder matches under a lock, so give RecorderOptions.PatternMatchers synchronous matchers.")
                : matcher);
        }
        return new RequestPattern(list);
    }

    /// <summary>
    /// A key every request passing a pattern shares with the pattern's recorded request: the parts matched exactly
    /// (method, scheme, host, port, path, query in canonical order). Requests are looked up by it, so replay stays
    /// flat as the cassette grows; the pattern still decides.
    /// </summary>
    public string KeyOf(RequestSnapshot request)
    {
        var on = options.MatchOn;
        var key = new StringBuilder();
        if (on.HasFlag(MatchOn.Method))
        {
            key.Append(request.Method);
        }

        key.Append('\n');
        if (on.HasFlag(MatchOn.Scheme))
        {
            key.Append(request.Scheme.ToUpperInvariant());
        }

        key.Append('\n');
        if (on.HasFlag(MatchOn.Host))
        {
            key.Append(request.Host.ToUpperInvariant());
        }

        key.Append('\n');
        if (on.HasFlag(MatchOn.Port))
        {
            key.Append(request.Port);
        }

        key.Append('\n');
        if (on.HasFlag(MatchOn.Path))
        {
            key.Append(request.Path);
        }

        key.Append('\n');
        if (on.HasFlag(MatchOn.Query))
        {
            foreach (var (name, value) in request.Query.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            {
                key.Append(name).Append('\u0001').Append(value).Append('\u0002');
            }
        }

        return key.ToString();
    }
}

/// <summary>A <see cref="RecorderOptions.CustomMatchers"/> rule as an engine matcher: compares the live request with its recorded one.</summary>
internal sealed class RecordedPredicateMatcher(InteractionMatcher rule, RecordedRequest recorded) : EngineMatcher
{
    public override string Attribute => "Custom matcher";

    public override int Cost => 8;

    public override MatchResult Match(RequestSnapshot request) => MatchResult.From(rule.Matches(ToRecorded(request), recorded));

    public override string Describe() => rule.Name;

    public override string DescribeActual(RequestSnapshot request) => request.ToString();

    public override string FailureMessage(RequestSnapshot request) => $"Custom matcher '{rule.Name}' does not match";

    private static RecordedRequest ToRecorded(RequestSnapshot request) => new()
    {
        Method = request.Method,
        Uri = request.Url.OriginalString,
        Headers = new RecordedHeaders(request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(g => new RecordedHeader(g.First().Key, [.. g.Select(h => h.Value)]))),
        Body = request.Body.IsEmpty ? null : request.Body.ToArray(),
    };
}
