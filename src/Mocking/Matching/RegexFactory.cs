using System.Text.RegularExpressions;

namespace Courier.Mocking.Matching;

/// <summary>Builds regexes that always run with a match timeout (a catastrophic pattern is a non-match, not a hang).</summary>
internal static class RegexFactory
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    public static Regex Create(string pattern, TimeSpan timeout, RegexOptions options = RegexOptions.None)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new Regex(pattern, options | RegexOptions.CultureInvariant, timeout);
    }

    /// <summary>Keeps a regex that has a timeout; rebuilds one without a timeout with <paramref name="timeout"/>.</summary>
    public static Regex WithTimeout(Regex regex, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(regex);
        return regex.MatchTimeout == Regex.InfiniteMatchTimeout ? new Regex(regex.ToString(), regex.Options, timeout) : regex;
    }

    /// <summary>Whether the regex matches; a timeout counts as no match.</summary>
    public static bool IsMatch(Regex regex, string input, out bool timedOut)
    {
        timedOut = false;
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            timedOut = true;
            return false;
        }
    }
}
