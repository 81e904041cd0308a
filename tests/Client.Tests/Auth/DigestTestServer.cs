using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.ClientTests.Auth;

/// <summary>What the test Digest server asks for.</summary>
internal sealed record DigestServerOptions
{
    public string Algorithm { get; init; } = "MD5";

    /// <summary>The qop offered ("auth", "auth-int", "auth,auth-int"), or null for an RFC 2069 server.</summary>
    public string? Qop { get; init; } = "auth";

    public string User { get; init; } = "alice";

    public string Password { get; init; } = "wonder land";

    public string Realm { get; init; } = "courier@test";

    public string? Opaque { get; init; } = "0pa9ue-value";

    public bool UserHash { get; init; }

    /// <summary>How many correct answers a nonce accepts before the server calls it stale.</summary>
    public int NonceUses { get; init; } = int.MaxValue;

    /// <summary>When set, every 401 carries exactly this WWW-Authenticate value (malformed input tests).</summary>
    public string? RawChallenge { get; init; }

    /// <summary>Sets a cookie on each 401 and requires it on the answer.</summary>
    public bool ChallengeCookie { get; init; }
}

/// <summary>
/// A Kestrel app that checks Digest answers on its own: it parses the Authorization header with its own regex and
/// recomputes HA1, HA2 and the response with <see cref="IndependentHash"/> (not Courier's code), checks uri, realm,
/// opaque, algorithm, qop and that each nc is used once per nonce.
/// </summary>
internal sealed partial class DigestTestServer : IAsyncDisposable
{
    private readonly DigestServerOptions _options;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> _nonces = new();
    private LoopbackServer _server = null!;
    private int _requests;
    private int _challenges;

    private DigestTestServer(DigestServerOptions options) => _options = options;

    public Uri Url => _server.Url;

    public int Requests => Volatile.Read(ref _requests);

    public int Challenges => Volatile.Read(ref _challenges);

    public ConcurrentQueue<int> AcceptedNonceCounts { get; } = new();

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public ConcurrentQueue<string> Rejections { get; } = new();

    public static async Task<DigestTestServer> StartAsync(DigestServerOptions options)
    {
        if (options.Algorithm.StartsWith("SHA-512-256", StringComparison.OrdinalIgnoreCase))
        {
            Tools.Require("openssl", "openssl"); // the independent SHA-512/256
        }

        var self = new DigestTestServer(options);
        self._server = await LoopbackServer.StartAsync(app => app.Run(self.HandleAsync));
        return self;
    }

    public string At(string path) => _server.At(path);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            Authorizations.Enqueue(header);
        }

        if (_options.RawChallenge is not null || !header.StartsWith("Digest ", StringComparison.Ordinal))
        {
            await ChallengeAsync(context, stale: false);
            return;
        }

        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var (verdict, nonceCount) = Verify(ParseParameters(header[7..]), context.Request.Method, target, buffer.ToArray(), context);
        if (verdict is not null)
        {
            Rejections.Enqueue(verdict);
            await ChallengeAsync(context, stale: verdict == "stale");
            return;
        }

        AcceptedNonceCounts.Enqueue(nonceCount);
        await context.Response.WriteAsync("welcome " + _options.User);
    }

    private (string? Verdict, int NonceCount) Verify(Dictionary<string, string> p, string method, string target, byte[] body, HttpContext context)
    {
        string Get(string name) => p.TryGetValue(name, out var v) ? v : string.Empty;
        var baseAlgorithm = _options.Algorithm.Replace("-sess", string.Empty, StringComparison.OrdinalIgnoreCase);
        string H(string text) => IndependentHash.Hex(baseAlgorithm, text);

        var expectedUser = _options.UserHash ? H($"{_options.User}:{_options.Realm}") : _options.User;
        if (Get("username") != expectedUser || Get("realm") != _options.Realm || Get("uri") != target
            || !string.Equals(Get("algorithm"), _options.Algorithm, StringComparison.OrdinalIgnoreCase)
            || (_options.Opaque is not null && Get("opaque") != _options.Opaque))
        {
            return ("wrong username, realm, uri, algorithm or opaque: " + string.Join(", ", p.Select(kv => kv.Key + "=" + kv.Value)), 0);
        }

        if (_options.ChallengeCookie && context.Request.Cookies["challenge"] != "seen")
        {
            return ("the cookie set on the 401 was not sent back", 0);
        }

        if (!_nonces.TryGetValue(Get("nonce"), out var used))
        {
            return ("unknown nonce", 0);
        }

        var nonce = Get("nonce");
        var cnonce = Get("cnonce");
        var ha1 = H($"{_options.User}:{_options.Realm}:{_options.Password}");
        if (_options.Algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase))
        {
            ha1 = H($"{ha1}:{nonce}:{cnonce}");
        }

        var qop = Get("qop");
        var ha2 = qop == "auth-int" ? H($"{method}:{target}:{IndependentHash.Hex(baseAlgorithm, body)}") : H($"{method}:{target}");
        int nc = 0;
        string expected;
        if (_options.Qop is null)
        {
            expected = H($"{ha1}:{nonce}:{ha2}");
        }
        else
        {
            if (!_options.Qop.Split(',').Contains(qop) || cnonce.Length == 0 || !int.TryParse(Get("nc"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out nc) || Get("nc").Length != 8)
            {
                return ($"bad qop '{qop}', nc '{Get("nc")}' or cnonce '{cnonce}'", 0);
            }

            expected = H($"{ha1}:{nonce}:{Get("nc")}:{cnonce}:{qop}:{ha2}");
        }

        if (Get("response") != expected)
        {
            return ("wrong response hash", 0);
        }

        if (!used.TryAdd(nc, true) && _options.Qop is not null)
        {
            return ($"nc {nc} used twice", 0);
        }

        return used.Count > _options.NonceUses ? ("stale", 0) : (null, nc);
    }

    private async Task ChallengeAsync(HttpContext context, bool stale)
    {
        Interlocked.Increment(ref _challenges);
        context.Response.StatusCode = 401;
        if (_options.RawChallenge is not null)
        {
            context.Response.Headers.WWWAuthenticate = _options.RawChallenge;
            return;
        }

        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        _nonces[nonce] = new ConcurrentDictionary<int, bool>();
        var challenge = $"Digest realm=\"{_options.Realm}\", nonce=\"{nonce}\", algorithm={_options.Algorithm}";
        challenge += _options.Qop is null ? string.Empty : $", qop=\"{_options.Qop}\"";
        challenge += _options.Opaque is null ? string.Empty : $", opaque=\"{_options.Opaque}\"";
        challenge += stale ? ", stale=true" : string.Empty;
        challenge += _options.UserHash ? ", userhash=true, charset=UTF-8" : string.Empty;
        context.Response.Headers.WWWAuthenticate = new(["Basic realm=\"fallback\"", challenge]);
        if (_options.ChallengeCookie)
        {
            context.Response.Cookies.Append("challenge", "seen");
        }

        await context.Response.WriteAsync("authenticate first");
    }

    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ParameterPattern().Matches(text))
        {
            result[m.Groups["name"].Value] = m.Groups["quoted"].Success
                ? Regex.Replace(m.Groups["quoted"].Value, @"\\(.)", "$1")
                : m.Groups["token"].Value;
        }

        return result;
    }

    [GeneratedRegex("""(?<name>[A-Za-z*]+)=(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<token>[^,\s]+))""")]
    private static partial Regex ParameterPattern();
}
