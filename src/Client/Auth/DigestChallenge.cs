namespace Courier;

/// <summary>A Digest challenge (RFC 7616 section 3.3) that DigestAuth can answer.</summary>
internal sealed record DigestChallenge(
    string Realm,
    string Nonce,
    string? Opaque,
    DigestAlgorithm Algorithm,
    string AlgorithmToken,
    IReadOnlyList<string>? Qops,
    bool Stale,
    bool UserHash,
    string Raw)
{
    /// <summary>
    /// The first Digest challenge of the <c>WWW-Authenticate</c> values that can be answered (servers list them in
    /// order of preference, RFC 7616 section 3.7), or null with <paramref name="problem"/> saying why none can.
    /// </summary>
    public static DigestChallenge? Select(IReadOnlyList<string> headerValues, out string? problem)
    {
        var all = AuthChallenge.ParseAll(headerValues, out var parseError);
        problem = null;
        foreach (var candidate in all.Where(c => c.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)))
        {
            var challenge = FromChallenge(candidate, out var why);
            if (challenge is not null)
            {
                problem = null;
                return challenge;
            }

            problem ??= $"{ChallengeReader.Shorten(candidate.Raw)} ({why})";
        }

        var raw = ChallengeReader.Shorten(string.Join(", ", headerValues));
        problem ??= headerValues.Count == 0
            ? "no WWW-Authenticate header (DigestAuth needs a Digest challenge)"
            : parseError is not null
                ? $"{raw} (malformed WWW-Authenticate: {parseError}; DigestAuth found no Digest challenge it could read)"
                : $"{raw} (no Digest challenge; DigestAuth answers only Digest)";
        return null;
    }

    private static DigestChallenge? FromChallenge(AuthChallenge c, out string? why)
    {
        why = null;
        if (c.Token68 is not null)
        {
            why = "a Digest challenge needs parameters, not a token68";
            return null;
        }

        if (c["realm"] is not { } realm)
        {
            why = "no realm";
            return null;
        }

        if (c["nonce"] is not { Length: > 0 } nonce)
        {
            why = "no nonce";
            return null;
        }

        var algorithm = DigestAlgorithm.Find(c["algorithm"]);
        if (algorithm is null)
        {
            why = $"unsupported algorithm '{HeaderValidation.Escape(c["algorithm"]!)}'; DigestAuth supports {DigestAlgorithm.SupportedNames}";
            return null;
        }

        string[]? qops = null;
        if (c["qop"] is { } qopText)
        {
            qops = qopText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(q => q.ToLowerInvariant())
                .Where(q => q is "auth" or "auth-int")
                .ToArray();
            if (qops.Length == 0)
            {
                why = $"unsupported qop '{HeaderValidation.Escape(qopText)}'; DigestAuth supports auth and auth-int";
                return null;
            }
        }

        return new DigestChallenge(
            realm,
            nonce,
            c["opaque"],
            algorithm,
            c["algorithm"] ?? algorithm.Name,
            qops,
            string.Equals(c["stale"], "true", StringComparison.OrdinalIgnoreCase),
            string.Equals(c["userhash"], "true", StringComparison.OrdinalIgnoreCase),
            c.Raw);
    }
}
