namespace Courier.Mocking.Matching;

/// <summary>The raw body: equal bytes, or as UTF-8 text equal to, containing, or matching a <see cref="ValuePattern"/>.</summary>
public sealed class BodyMatcher : RequestMatcher
{
    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[]? _bytes;
    private readonly ValuePattern? _text;

    private readonly bool _showAsText;

    private BodyMatcher(byte[]? bytes, ValuePattern? text, bool showAsText = false)
    {
        _bytes = bytes;
        _text = text;
        _showAsText = showAsText;
    }

    /// <inheritdoc />
    public override string Attribute => "Body";

    /// <inheritdoc />
    public override int Cost => 5;

    /// <inheritdoc />
    public override bool ShowWhenMatched => false;

    /// <summary>The body is exactly these bytes.</summary>
    public static BodyMatcher Bytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null);

    /// <summary>
    /// The body is exactly these bytes (compared as bytes); reports show both sides as text when they are valid UTF-8
    /// and as base64 otherwise (the recorder's raw-body rule).
    /// </summary>
    public static BodyMatcher Raw(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), null, showAsText: true);

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
    public override string Describe() => _bytes is null ? _text!.ToString()
        : _showAsText && Utf8Text(_bytes) is { } text ? $"[equalTo] {text}"
        : $"[binaryEqualTo] {Convert.ToBase64String(_bytes)}";

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _bytes is null ? request.Text
            : _showAsText && Utf8Text(request.Body.Span) is { } text ? text
            : Convert.ToBase64String(request.Body.Span);
    }

    private static string? Utf8Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }
}
