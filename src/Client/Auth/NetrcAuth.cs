namespace Courier;

/// <summary>
/// Auth from a <c>.netrc</c> file (as curl and httpx read it): the request's host picks a <c>machine</c> entry, else
/// the <c>default</c> entry, whose <c>login</c> and <c>password</c> are sent as Basic auth. A host with no entry is
/// sent without auth. The file is read once, when the auth is created.
/// </summary>
public sealed class NetrcAuth : Auth
{
    private readonly NetrcFile _file;

    /// <summary>
    /// Reads <paramref name="path"/>, or when null the file named by the <c>NETRC</c> environment variable, or
    /// <c>~/.netrc</c>. Throws <see cref="FileNotFoundException"/> when it does not exist and
    /// <see cref="FormatException"/> (naming the line) when it cannot be parsed.
    /// </summary>
    public NetrcAuth(string? path = null)
        : this(NetrcFile.Load(path ?? DefaultPath(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))))
    {
    }

    private NetrcAuth(NetrcFile file) => _file = file;

    /// <summary>Creates netrc auth from the text of a <c>.netrc</c> file.</summary>
    public static NetrcAuth FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NetrcAuth(NetrcFile.Parse(text, "(text)"));
    }

    /// <summary>The login and password for <paramref name="host"/> (its machine entry or the default), or null.</summary>
    public (string Login, string Password)? CredentialsFor(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _file.Find(host) is { } entry ? (entry.Login ?? string.Empty, entry.Password ?? string.Empty) : null;
    }

    /// <inheritdoc />
    public override ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);

        // httpx: an entry without a password sends nothing.
        if (_file.Find(request.Url.IdnHost) is { Password: { Length: > 0 } password } entry)
        {
            return new BasicAuth(entry.Login ?? string.Empty, password).AuthenticateAsync(request, send, cancellationToken);
        }

        return send(request, cancellationToken);
    }

    /// <summary>The file <c>NETRC</c> names, else <c>.netrc</c> in the home folder.</summary>
    internal static string DefaultPath(Func<string, string?> environment, string home) =>
        environment("NETRC") is { Length: > 0 } fromEnvironment ? fromEnvironment : Path.Combine(home, ".netrc");
}
