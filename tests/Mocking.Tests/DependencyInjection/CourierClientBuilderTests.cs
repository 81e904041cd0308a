using Courier.DependencyInjection;
using Courier.Mocking;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.MockingTests.DependencyInjection;

public class CourierClientBuilderTests
{
    public sealed class WeatherClient(Client client)
    {
        public async Task<string> TodayAsync() => (await client.GetAsync("today")).Text;
    }

    [Test]
    public async Task AddMockTransport_NamedClient_IsAnsweredByTheMockWithTheClientsOptions()
    {
        using var mock = new MockTransport();
        mock.Get("https://api.test/v2/items").Respond(200, Body.Text("from the mock"));
        var services = new ServiceCollection();
        services.AddCourierClient("api", new ClientOptions { BaseUrl = new Uri("https://api.test/v2/"), Headers = new() { { "X-Team", "blue" } } })
            .AddMockTransport(mock);

        await using (var provider = services.BuildServiceProvider())
        {
            var response = await provider.GetRequiredService<ICourierClientFactory>().CreateClient("api").GetAsync("items");

            response.Text.ShouldBe("from the mock");
        }

        mock.Calls.ShouldHaveSingleItem().Request.Header("X-Team").ShouldBe("blue");
        mock.Get("https://api.test/v2/after").Respond(204);
        using var direct = new Client(new ClientOptions { Transport = mock });
        (await direct.GetAsync("https://api.test/v2/after")).StatusCode.ShouldBe(204);
    }

    [Test]
    public async Task AddMockTransport_TypedClient()
    {
        using var mock = new MockTransport();
        mock.Get("https://weather.test/today").Respond(200, Body.Text("sunny"));
        var services = new ServiceCollection();
        services.AddCourierClient<WeatherClient>(options: new ClientOptions { BaseUrl = new Uri("https://weather.test/") }).AddMockTransport(mock);
        await using var provider = services.BuildServiceProvider();

        (await provider.GetRequiredService<WeatherClient>().TodayAsync()).ShouldBe("sunny");
    }
}
