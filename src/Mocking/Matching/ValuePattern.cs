using System.Text.RegularExpressions;

namespace Courier.Mocking.Matching;

/// <summary>How a single text value is tested: equal, contains, matches a regex, present, or absent.</summary>
public sealed class ValuePattern
{
    private readonly Regex? _regex;
    private readonly ValuePattern[]? _parts;

    private ValuePattern(ValuePatternKind kind, string value, Regex? regex, bool ignoreCase, ValuePattern[]? parts = null)
    {
        _parts = parts;
        Kind = kind;
        Value = value;
        _regex = regex;
        IgnoreCase = ignoreCase;
    }

    /// <summary>The kind of test.</summary>
    public ValuePatternKind Kind { get; }

    /// <summary>The expected text (the regex source for <see cref="ValuePatternKind.Matches"/>).</summary>
    public string Value { get; }

    /// <summary>Whether equality and containment ignore case.</summary>
    public bool IgnoreCase { get; }

    /// <summary>Equal to <paramref name="value"/>.</summary>
    public static ValuePattern EqualTo(string value, bool ignoreCase = false) => new(ValuePatternKind.EqualTo, Check(value), null, ignoreCase);

    /// <summary>Contains <paramref name="value"/>.</summary>
    public static ValuePattern Containing(string value, bool ignoreCase = false) => new(ValuePatternKind.Contains, Check(value), null, ignoreCase);

    /// <summary>Matches the regex (run with <paramref name="timeout"/>, one second by default).</summary>
    public static ValuePattern Matching(string pattern, TimeSpan? timeout = null) =>
        new(ValuePatternKind.Matches, Check(pattern), RegexFactory.Create(pattern, timeout ?? RegexFactory.DefaultTimeout), false);

    /// <summary>Matches the regex; one without a match timeout gets <paramref name="timeout"/> (one second by default).</summary>
    public static ValuePattern Matching(Regex regex, TimeSpan? timeout = null)
    {
        var safe = RegexFactory.WithTimeout(regex, timeout ?? RegexFactory.DefaultTimeout);
        return new(ValuePatternKind.Matches, safe.ToString(), safe, false);
    }

    /// <summary>Does not match the regex (WireMock's <c>doesNotMatch</c>); a timeout counts as no match of this pattern.</summary>
    public static ValuePattern NotMatching(string pattern, TimeSpan? timeout = null) =>
        new(ValuePatternKind.NotMatches, Check(pattern), RegexFactory.Create(pattern, timeout ?? RegexFactory.DefaultTimeout), false);

    /// <summary>Every one of <paramref name="patterns"/> passes (WireMock's <c>and</c>).</summary>
    public static ValuePattern And(params ValuePattern[] patterns) => Combine(ValuePatternKind.And, patterns);

    /// <summary>At least one of <paramref name="patterns"/> passes (WireMock's <c>or</c>).</summary>
    public static ValuePattern Or(params ValuePattern[] patterns) => Combine(ValuePatternKind.Or, patterns);

    /// <summary>Present, with any value.</summary>
    public static ValuePattern Present() => new(ValuePatternKind.Present, string.Empty, null, false);

    /// <summary>Not present.</summary>
    public static ValuePattern Absent() => new(ValuePatternKind.Absent, string.Empty, null, false);

    /// <summary>The operator as WireMock prints it: empty for equality, <c>[contains]</c>, <c>[matches]</c>, …</summary>
    public string Operator => Kind switch
    {
        ValuePatternKind.Contains => "[contains]",
        ValuePatternKind.Matches => "[matches]",
        ValuePatternKind.Present => "[present]",
        ValuePatternKind.Absent => "[absent]",
        ValuePatternKind.NotMatches => "[doesNotMatch]",
        ValuePatternKind.And => "[and]",
        ValuePatternKind.Or => "[or]",
        _ => IgnoreCase ? "[equalToIgnoreCase]" : string.Empty,
    };

    /// <summary>Tests one value.</summary>
    public bool IsMatch(string actual)
    {
        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Kind switch
        {
            ValuePatternKind.EqualTo => string.Equals(actual, Value, comparison),
            ValuePatternKind.Contains => actual.Contains(Value, comparison),
            ValuePatternKind.Matches => RegexFactory.IsMatch(_regex!, actual, out _),
            ValuePatternKind.Present => true,
            ValuePatternKind.NotMatches => !RegexFactory.IsMatch(_regex!, actual, out var timedOut) && !timedOut,
            ValuePatternKind.And => _parts!.All(p => p.IsMatch(actual)),
            ValuePatternKind.Or => _parts!.Any(p => p.IsMatch(actual)),
            _ => false,
        };
    }

    /// <summary>Tests the values found under one name: present/absent look at the count, others need one value to pass.</summary>
    public MatchResult Test(IReadOnlyList<string> values)
    {
        switch (Kind)
        {
            case ValuePatternKind.Present:
                return MatchResult.From(values.Count > 0);
            case ValuePatternKind.Absent:
                return MatchResult.From(values.Count == 0);
        }

        var best = 1.0;
        foreach (var value in values)
        {
            if (IsMatch(value))
            {
                return MatchResult.Matched;
            }

            best = Math.Min(best, Kind is ValuePatternKind.EqualTo or ValuePatternKind.Contains ? EditDistance.Normalized(Value, value) : 0.5);
        }

        return MatchResult.Miss(best);
    }

    /// <summary>Whether the regex timed out on <paramref name="actual"/>.</summary>
    internal bool TimesOut(string actual) =>
        (_regex is not null && !RegexFactory.IsMatch(_regex, actual, out var timedOut) && timedOut) || (_parts?.Any(p => p.TimesOut(actual)) ?? false);

    /// <summary>The operator and value, e.g. <c>[contains] abc</c>.</summary>
    public override string ToString() => Operator.Length == 0 ? Value : $"{Operator} {Value}".TrimEnd();

    private static ValuePattern Combine(ValuePatternKind kind, ValuePattern[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Length == 0 || patterns.Any(p => p is null))
        {
            throw new ArgumentException("Give at least one pattern, none of them null.", nameof(patterns));
        }

        var joiner = kind == ValuePatternKind.And ? " AND " : " OR ";
        return new(kind, string.Join(joiner, patterns.Select(p => p.ToString())), null, false, [.. patterns]);
    }

    private static string Check(string value) => value ?? throw new ArgumentNullException(nameof(value));
}

/// <summary>The kinds of <see cref="ValuePattern"/>.</summary>
public enum ValuePatternKind
{
    /// <summary>Equal (ordinal, or ignoring case).</summary>
    EqualTo,

    /// <summary>Contains the text.</summary>
    Contains,

    /// <summary>Matches a regex.</summary>
    Matches,

    /// <summary>Present with any value.</summary>
    Present,

    /// <summary>Not present.</summary>
    Absent,

    /// <summary>Does not match a regex.</summary>
    NotMatches,

    /// <summary>All of several patterns pass.</summary>
    And,

    /// <summary>One of several patterns passes.</summary>
    Or,
}
