namespace Courier.Mocking.Matching;

/// <summary>
/// A header, query parameter, cookie or form field, tested by a <see cref="ValuePattern"/>. With several values under
/// one name, one passing value is enough (present/absent look at whether there is any).
/// </summary>
public sealed class NamedValueMatcher : RequestMatcher
{
    /// <summary>Tests <paramref name="name"/> in <paramref name="source"/> with <paramref name="pattern"/>.</summary>
    public NamedValueMatcher(NamedValueSource source, string name, ValuePattern pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(pattern);
        Source = source;
        Name = name;
        Pattern = pattern;
    }

    /// <summary>Where the value is read.</summary>
    public NamedValueSource Source { get; }

    /// <summary>The header, parameter, cookie or field name.</summary>
    public string Name { get; }

    /// <summary>The test.</summary>
    public ValuePattern Pattern { get; }

    /// <inheritdoc />
    public override string Attribute => Source == NamedValueSource.FormField ? "Form field" : Source.ToString();

    /// <inheritdoc />
    public override int Cost => Source == NamedValueSource.FormField ? 4 : 2;

    /// <inheritdoc />
    public override MatchResult Match(RequestSnapshot request) => Pattern.Test(Values(request));

    /// <inheritdoc />
    public override string Describe()
    {
        var op = Pattern.Operator;
        return Source switch
        {
            NamedValueSource.Header when op.Length == 0 => $"{Name}: {Pattern.Value}",
            NamedValueSource.Header => $"{Name} {op} : {Pattern.Value}".TrimEnd(' ', ':'),
            _ when op.Length == 0 => $"{Label}: {Name} = {Pattern.Value}",
            _ => $"{Label}: {Name} {op} {Pattern.Value}".TrimEnd(),
        };
    }

    /// <inheritdoc />
    public override string DescribeActual(RequestSnapshot request)
    {
        var values = Values(request);
        if (values.Count == 0)
        {
            return string.Empty;
        }

        var joined = string.Join(", ", values);
        return Source == NamedValueSource.Cookie ? joined : $"{Name}: {joined}";
    }

    /// <inheritdoc />
    public override string FailureMessage(RequestSnapshot request)
    {
        if (Pattern.Kind is not ValuePatternKind.Absent && Values(request).Count == 0)
        {
            return $"{Attribute} is not present";
        }

        return Values(request).Any(Pattern.TimesOut)
            ? $"{Attribute} does not match (the regex timed out)"
            : $"{Attribute} does not match";
    }

    private string Label => Source == NamedValueSource.FormField ? "Form" : Source.ToString();

    private IReadOnlyList<string> Values(RequestSnapshot request) => Source switch
    {
        NamedValueSource.Header => request.HeaderValues(Name),
        NamedValueSource.Query => request.QueryValues(Name),
        NamedValueSource.Cookie => RequestSnapshot.ValuesOf(request.Cookies, Name, StringComparison.Ordinal),
        _ => RequestSnapshot.ValuesOf(request.FormFields, Name, StringComparison.Ordinal),
    };
}

/// <summary>Where a <see cref="NamedValueMatcher"/> reads its values.</summary>
public enum NamedValueSource
{
    /// <summary>A request header (names ignore case).</summary>
    Header,

    /// <summary>A query parameter, percent-decoded.</summary>
    Query,

    /// <summary>A cookie of the <c>Cookie</c> header.</summary>
    Cookie,

    /// <summary>A field of an <c>application/x-www-form-urlencoded</c> body.</summary>
    FormField,
}
