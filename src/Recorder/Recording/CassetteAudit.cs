namespace Courier.Recorder.Recording;

/// <summary>
/// Looks for secrets left in a loaded cassette (an old recording, a hand edit): values of headers that would be
/// redacted today, and bearer tokens, JWTs or cloud keys anywhere. Findings name the place, never the value.
/// </summary>
internal static class CassetteAudit
{
    public static List<string> Find(IReadOnlyList<Interaction> interactions, RecorderOptions options)
    {
        var findings = new List<string>();
        for (var i = 0; i < interactions.Count; i++)
        {
            var interaction = interactions[i];
            Headers(findings, i, "request", interaction.Request.Headers, options);
            Headers(findings, i, "response", interaction.Response.Headers, options);
            findings.AddRange(SecretScanner.Scan(interaction).Select(s => $"interaction #{i + 1}: {s}"));
        }

        return findings;
    }

    private static void Headers(List<string> findings, int index, string side, RecordedHeaders headers, RecorderOptions options)
    {
        foreach (var header in headers)
        {
            if (options.RedactHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase) &&
                header.Values.Any(v => !string.Equals(v, options.RedactedValue, StringComparison.Ordinal)))
            {
                findings.Add($"interaction #{index + 1}: {side} header '{header.Name}' holds a value that is redacted when recording today");
            }
        }
    }
}
