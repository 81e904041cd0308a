namespace Courier.Mocking.Matching;

/// <summary>The raw body: equal bytes, or as UTF-8 text equal to, containing, or matching a <see cref="ValuePattern"/>.</summary>
public sealed class BodyMatcher : RequestMatcher
{
    private readonly byte[]? _bytes;
    private readonly ValuePattern? _text;

    private BodyMatcher(byte[]? bytes, ValuePattern? text)
    {
        _bytes = bytes;
        _text = text;
    }

    /// <inheritdoc />
    public override string Attribute => "Body";

    /// <inheritdoc />
    public override int Cost => 5;

    /// <inheritdoc />
    public override bool ShowWhenMatched => false;

    /// <summary>The body is exactly these bytes.</summary>
    public static BodyMatcher Bytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    /// <summary>The body, read as UTF-8 text, passes <paramref name="pattern"/>.</summary>
    public static BodyMatcher Text(ValuePattern pattern) => new(null, pattern ?? throw new ArgumentNullException(nameof(pattern)));

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request)
    {
        if (_bytes is not null)
        {
            return request.Body.Span.SequenceEqual(_bytes) ? MatchResult.Matched : MatchResult.Miss(0.5);
        }

        return _text!.Kind switch
        {
            ValuePatternKind.Present => MatchResult.From(!request.Body.IsEmpty),
            ValuePatternKind.Absent => MatchResult.From(request.Body.IsEmpty),
            _ => _text.Test([request.Text]),
        };
    }

    /// <inheritdoc />
    public override string Describe() => _bytes is not null
        ? $"[binaryEqualTo] {Convert.ToBase64String(_bytes)}"
        : _text!.ToString();

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request) => _bytes is not null
        ? Convert.ToBase64String(request.Body.Span)
        : request.Text;
}
