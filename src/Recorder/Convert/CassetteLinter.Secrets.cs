using System.Text.RegularExpressions;
using Courier.Recorder.Format;

namespace Courier.Recorder.Conversion;

public static partial class CassetteLinter
{
    /// <summary>Header names whose values are credentials, beyond <see cref="RecorderOptions.DefaultRedactedHeaders"/>.</summary>
    private static readonly string[] CredentialWords = ["api-key", "apikey", "api_key", "auth-token", "access-token", "secret"];

    [GeneratedRegex(@"-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"^(?:(?:Bearer|Basic|Token|Digest)\s+)?(?:|REDACTED|\[REDACTED\]|<REDACTED>|FILTERED|\[FILTERED\]|\*+|x+|<[A-Za-z0-9_.\-]+>|\{\{[A-Za-z0-9_.\-]+\}\})$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 200)]
    private static partial Regex Placeholder();

    private static bool IsCredentialHeader(string name) =>
        RecorderOptions.DefaultRedactedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ||
        CredentialWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a credential header's value is a redaction or placeholder rather than a real value.</summary>
    private static bool IsRedacted(string name, string value)
    {
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
        {
            var pairs = name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ? value.Split(';') : [value.Split(';')[0]];
            return Placeholder().IsMatch(value.Trim()) || pairs.All(p => p.IndexOf('=', StringComparison.Ordinal) is var eq && eq >= 0 && Placeholder().IsMatch(p[(eq + 1)..].Trim()));
        }

        return Placeholder().IsMatch(value.Trim());
    }

    private static void SecretHeaders(IReadOnlyList<HeaderDto> headers, string side, int number, List<LintFinding> findings)
    {
        foreach (var header in headers)
        {
            if (IsCredentialHeader(header.Name) && header.Values.Any(v => !IsRedacted(header.Name, v)))
            {
                findings.Add(new LintFinding(LintKind.Secret, header.Line, number,
                    $"interaction #{number}: the {side} header '{header.Name}' holds a real value; redact it (courier record and the Recorder write REDACTED by default)"));
            }
        }
    }

    private static void SecretTexts(InteractionDto dto, Interaction model, int number, List<LintFinding> findings)
    {
        var places = new List<(string Where, int Line, string Text)> { ("request URI", dto.Request.Line, model.Request.Uri) };
        foreach (var (header, side) in dto.Request.Headers.Select(h => (h, "request")).Concat(dto.Response.Headers.Select(h => (h, "response"))))
        {
            if (!IsCredentialHeader(header.Name))
            {
                places.AddRange(header.Values.Select(v => ($"{side} header '{header.Name}'", header.Line, v)));
            }
        }

        if (model.Request.Body is { } requestBody && HttpSyntax.IsText(requestBody, out var requestText))
        {
            places.Add(("request body", dto.Request.Body.Line, requestText));
        }

        if (HttpSyntax.IsText(model.Response.Body, out var responseText))
        {
            places.Add(("response body", dto.Response.Body.Line, responseText));
        }

        foreach (var (where, line, text) in places)
        {
            if (Kind(text) is { } kind)
            {
                findings.Add(new LintFinding(LintKind.Secret, line, number, $"interaction #{number}: the {where} holds what looks like {kind}; filter it before committing the cassette"));
            }
        }
    }

    /// <summary>The recorder's own secret patterns (one list for warnings, rewriting and lint), plus private keys.</summary>
    private static string? Kind(string text)
    {
        if (Recording.SecretScanner.KindOf(text) is { } kind)
        {
            return kind;
        }

        try
        {
            return PrivateKey().IsMatch(text) ? "a private key" : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
