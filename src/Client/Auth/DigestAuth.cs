using System.Security.Cryptography;

namespace Courier;

/// <summary>
/// HTTP Digest auth (RFC 7616, and RFC 2617/2069 servers): answers a 401's Digest challenge once, with MD5,
/// SHA-256 or SHA-512-256 (and their <c>-sess</c> forms), <c>qop=auth</c> or <c>auth-int</c>, echoing
/// <c>opaque</c>. A <c>stale=true</c> challenge gets one more answer; any other second 401 comes back as is.
/// Later requests to the same origin reuse the last challenge up front with a growing nonce count, as httpx does.
/// Share one instance across requests and threads; its state is locked.
/// </summary>
public sealed class DigestAuth : Auth
{
    private readonly string _password;
    private readonly Func<string> _cnonce;
    private readonly Lock _lock = new();
    private DigestChallenge? _last;
    private string? _lastOrigin;
    private int _nonceCount;

    /// <summary>Creates Digest auth for a user name and password (both UTF-8 in the hashes).</summary>
    public DigestAuth(string userName, string password)
        : this(userName, password, NewCnonce)
    {
    }

    /// <summary>For tests: a fixed client nonce.</summary>
    internal DigestAuth(string userName, string password, Func<string> cnonce)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        UserName = userName;
        _password = password;
        _cnonce = cnonce;
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    /// <summary>True: an answered challenge re-sends the body (and <c>auth-int</c> hashes it).</summary>
    public override bool RequiresRequestBody => true;

    /// <inheritdoc />
    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        return RunAsync(request, send, cancellationToken);
    }

    private async ValueTask<Response> RunAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        var origin = UrlBuilder.Origin(request.Url);
        if (Reusable(origin) is { } previous)
        {
            await AuthorizeAsync(request, previous, cancellationToken).ConfigureAwait(false);
        }

        var response = await send(request, cancellationToken).ConfigureAwait(false);
        var answered = false;
        var staleAnswered = false;
        while (response.StatusCode == 401 && UrlBuilder.Origin(response.Request.Url) == origin)
        {
            var challenge = DigestChallenge.Select(response.Headers.GetValues("WWW-Authenticate"), out var problem);
            if (challenge is null)
            {
                ReportUnansweredChallenge(response, problem!);
                return response;
            }

            if (answered && !(challenge.Stale && !staleAnswered))
            {
                ReportUnansweredChallenge(response, $"{ChallengeReader.Shorten(challenge.Raw)} (the server refused the Digest credentials of user '{HeaderValidation.Escape(UserName)}')");
                return response;
            }

            staleAnswered |= answered;
            answered = true;
            if (await AuthorizeAsync(request, challenge, cancellationToken).ConfigureAwait(false) is { } why)
            {
                ReportUnansweredChallenge(response, $"{ChallengeReader.Shorten(challenge.Raw)} ({why})");
                return response;
            }

            ResponseCookies.AddTo(request, response);
            await DiscardAsync(response, cancellationToken).ConfigureAwait(false);
            response = await send(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Sets the <c>Authorization</c> header for a challenge; returns why it cannot, or null.</summary>
    private async ValueTask<string?> AuthorizeAsync(Request request, DigestChallenge challenge, CancellationToken cancellationToken)
    {
        var qop = challenge.Qops is null ? null : challenge.Qops.Contains("auth") ? "auth" : "auth-int";
        byte[]? body = null;
        if (qop == "auth-int")
        {
            body = await DigestBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return "qop=auth-int hashes the request body, but it is a one-shot stream; send bytes or a seekable stream";
            }
        }

        int count;
        lock (_lock)
        {
            if (_last is not null && _last.Nonce == challenge.Nonce)
            {
                count = ++_nonceCount;
            }
            else
            {
                _last = challenge;
                _lastOrigin = UrlBuilder.Origin(request.Url);
                count = _nonceCount = 1;
            }
        }

        var uri = request.Url.PathAndQuery;
        request.Headers["Authorization"] = DigestComputation.Header(challenge, UserName, _password, _cnonce(), count, qop, request.Method, uri, body);
        return null;
    }

    private DigestChallenge? Reusable(string origin)
    {
        lock (_lock)
        {
            return _lastOrigin == origin ? _last : null;
        }
    }

    private static string NewCnonce() => RandomNumberGenerator.GetHexString(32, lowercase: true);
}
