using System.Text.Json.Serialization;

namespace Courier.ClientTests.Auth;

// The custom-flow sample of docs/auth.md, compiled and tested here; DocsSampleTests keeps the two identical.
// sample:begin
/// <summary>
/// OAuth2 bearer auth that refreshes its access token (refresh_token grant) when the API answers 401, then retries
/// the request once. One instance serves many concurrent requests; they share a single refresh.
/// </summary>
public sealed class OAuth2RefreshAuth(Uri tokenUrl, string clientId, string refreshToken) : Courier.Auth
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private string _refreshToken = refreshToken;
    private string? _accessToken;

    /// <summary>The retry re-sends the request body, so a one-shot stream is refused up front.</summary>
    public override bool RequiresRequestBody => true;

    public override async ValueTask<Response> AuthenticateAsync(Request request, AuthSend send, CancellationToken cancellationToken)
    {
        var token = Volatile.Read(ref _accessToken) ?? await RefreshAsync(stale: null, send, cancellationToken);
        request.Headers["Authorization"] = "Bearer " + token;
        var response = await send(request, cancellationToken);
        if (response.StatusCode != 401)
        {
            return response;
        }

        await DiscardAsync(response, cancellationToken);
        request.Headers["Authorization"] = "Bearer " + await RefreshAsync(stale: token, send, cancellationToken);
        return await send(request, cancellationToken); // a second 401 goes back to the caller as it is
    }

    private async Task<string> RefreshAsync(string? stale, AuthSend send, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (_accessToken is { } current && current != stale)
            {
                return current; // another request refreshed while this one waited
            }

            var form = Body.Form([new("grant_type", "refresh_token"), new("refresh_token", _refreshToken), new("client_id", clientId)]);
            await using var response = await send(new Request("POST", tokenUrl, body: form), cancellationToken);
            await response.ReadBytesAsync(cancellationToken);
            var tokens = response.EnsureSuccess().Json<TokenResponse>()
                ?? throw new InvalidOperationException("The token endpoint returned no JSON.");
            _refreshToken = tokens.RefreshToken ?? _refreshToken;
            Volatile.Write(ref _accessToken, tokens.AccessToken);
            return tokens.AccessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken);
}
// sample:end
