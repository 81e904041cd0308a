using System.Text;

namespace Courier;

/// <summary>HTTP Basic auth (RFC 7617): sends <c>Authorization: Basic base64(user:password)</c> with the request.</summary>
public sealed class BasicAuth : Auth
{
    private readonly string _header;

    /// <summary>Creates Basic auth for a user name and password (UTF-8 encoded).</summary>
    public BasicAuth(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Basic auth user name must not contain ':'.", nameof(userName));
        }

        UserName = userName;
        _header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    /// <inheritdoc />
    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        request.Headers["Authorization"] = _header;
        return send(request, cancellationToken);
    }

    /// <summary>Basic auth from an URL's userinfo (<c>https://user:pass@host/</c>), or null when it has none.</summary>
    internal static BasicAuth? FromUserInfo(Uri url)
    {
        if (string.IsNullOrEmpty(url.UserInfo))
        {
            return null;
        }

        var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
        var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
        return new BasicAuth(user, password);
    }
}
