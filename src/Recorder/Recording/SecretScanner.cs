using System.Text.RegularExpressions;
using Courier.Recorder.Format;

namespace Courier.Recorder.Recording;

/// <summary>Warns when something that looks like a secret is about to be written to a cassette, after filtering.</summary>
internal static partial class SecretScanner
{
    [GeneratedRegex(@"(?<kind>Bearer\s+[A-Za-z0-9\-._~+/]{16,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,}|xox[baprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{20,})", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Secret();

    /// <summary>What kind of secret <paramref name="text"/> holds (<c>a JWT</c>), or null when none.</summary>
    public static string? KindOf(string text)
    {
        Match match;
        try
        {
            match = Secret().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return !match.Success ? null
            : match.Value.StartsWith("Bearer", StringComparison.Ordinal) ? "a bearer token"
            : match.Value.StartsWith("eyJ", StringComparison.Ordinal) ? "a JWT"
            : "a cloud or service API key";
    }

    /// <summary>Whether <paramref name="text"/> holds a bearer token, a JWT or a cloud key (a regex timeout counts as no).</summary>
    public static bool LooksLikeSecretValue(string text)
    {
        try
        {
            return Secret().IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary><paramref name="text"/> with every bearer token, JWT or cloud key replaced by <paramref name="mask"/>.</summary>
    public static string ReplaceSecretValues(string text, string mask)
    {
        try
        {
            return Secret().Replace(text, m => m.Value.StartsWith("Bearer", StringComparison.Ordinal) ? "Bearer " + mask : mask);
        }
        catch (RegexMatchTimeoutException)
        {
            return mask;
        }
    }

    public static IEnumerable<string> Scan(Interaction interaction)
    {
        foreach (var (where, text) in Texts(interaction))
        {
            Match match;
            try
            {
                match = Secret().Match(text);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (match.Success)
            {
                var kind = match.Value.StartsWith("Bearer", StringComparison.Ordinal) ? "a bearer token"
                    : match.Value.StartsWith("eyJ", StringComparison.Ordinal) ? "a JWT"
                    : "a cloud or service API key";
                yield return $"The {where} of {interaction.Request.Method} {Matching.Redaction.Uri(interaction.Request.Uri)} holds what looks like {kind}; " +
                             "add a filter (RecorderOptions.Placeholders, FilterJsonMembers, FilterQueryParameters, RedactHeaders) before committing the cassette.";
            }
        }
    }

    private static IEnumerable<(string Where, string Text)> Texts(Interaction interaction)
    {
        yield return ("URL", interaction.Request.Uri);
        foreach (var header in interaction.Request.Headers.Concat(interaction.Response.Headers))
        {
            foreach (var value in header.Values)
            {
                yield return ($"header '{header.Name}'", value);
            }
        }

        if (interaction.Request.Body is { } requestBody && HttpSyntax.IsText(requestBody, out var requestText))
        {
            yield return ("request body", requestText);
        }

        if (HttpSyntax.IsText(interaction.Response.Body, out var responseText))
        {
            yield return ("response body", responseText);
        }
    }
}
