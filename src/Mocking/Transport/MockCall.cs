using Courier.Mocking.Matching;

namespace Courier.Mocking;

/// <summary>One request a route answered, with what it answered (a response, or the exception it threw).</summary>
/// <param name="Request">The request.</param>
/// <param name="Response">The response given, or null when it failed or was passed through.</param>
/// <param name="Exception">The exception thrown (a simulated fault), or null.</param>
public sealed record MockCall(RequestSnapshot Request, MockResponse? Response, Exception? Exception);
