namespace Courier.Mocking.WireMock;

/// <summary>WireMock's <c>delayDistribution</c>: <c>uniform</c> (lower, upper), <c>lognormal</c> (median, sigma, optional maxValue), <c>fixed</c>.</summary>
internal static class DelayDistributions
{
    public static Func<TimeSpan> Read(JsonNode node)
    {
        var type = (node.Get("type") ?? throw node.Fail("expected a \"type\" (uniform, lognormal or fixed)")).String();
        switch (type)
        {
            case "uniform":
                var lower = Required(node, "lower").Int(0, 600_000, "milliseconds");
                var upper = Required(node, "upper").Int(lower, 600_000, "milliseconds, at least lower");
                return () => TimeSpan.FromMilliseconds(Random.Shared.Next(lower, upper + 1));
            case "lognormal":
                var median = Required(node, "median").Number();
                var sigma = Required(node, "sigma").Number();
                var max = node.Get("maxValue")?.Number() ?? 600_000;
                return () =>
                {
                    // Box-Muller for a standard normal, then exp: a log-normal with the given median.
                    var u1 = 1.0 - Random.Shared.NextDouble();
                    var u2 = Random.Shared.NextDouble();
                    var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
                    return TimeSpan.FromMilliseconds(Math.Min(max, median * Math.Exp(sigma * normal)));
                };
            case "fixed":
                var fixedDelay = TimeSpan.FromMilliseconds(Required(node, "milliseconds").Int(0, 600_000, "milliseconds"));
                return () => fixedDelay;
            default:
                throw node.Get("type")!.Value.Fail("expected uniform, lognormal or fixed");
        }
    }

    private static JsonNode Required(JsonNode node, string name) => node.Get(name) ?? throw node.Fail($"expected \"{name}\"");
}
