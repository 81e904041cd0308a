using Courier.ClientTests.Support;

namespace Courier.ClientTests.Api;

public class OptionsFrozenTests
{
    [Test]
    public async Task Settings_BeforeFirstRequest_AreApplied()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen);
        client.BaseUrl = new Uri("https://api.test/v2");
        client.Headers.Add("X-Team", "core");
        client.FollowRedirects = true;
        client.Timeouts = new Timeouts(TimeSpan.FromSeconds(9));

        await client.GetAsync("users");

        seen[0].Url.ShouldBe(new Uri("https://api.test/v2/users"));
        seen[0].Headers["X-Team"].ShouldBe("core");
        client.Settings.FollowRedirects.ShouldBeTrue();
        client.IsStarted.ShouldBeTrue();
    }

    [Test]
    public async Task Settings_AfterFirstRequest_Throw()
    {
        using var client = Echo.RecordingClient([], new ClientOptions { BaseUrl = new Uri("https://api.test") });
        client.IsStarted.ShouldBeFalse();
        await client.GetAsync("/");

        Should.Throw<InvalidOperationException>(() => client.BaseUrl = new Uri("https://other.test"));
        Should.Throw<InvalidOperationException>(() => client.Timeouts = Timeouts.Infinite);
        Should.Throw<InvalidOperationException>(() => client.FollowRedirects = true);
        Should.Throw<InvalidOperationException>(() => client.Auth = new BasicAuth("u", "p"));
        Should.Throw<InvalidOperationException>(() => client.EventHooks = new EventHooks());
        client.BaseUrl.ShouldBe(new Uri("https://api.test"));
    }

    [Test]
    public async Task Headers_AfterFirstRequest_ThrowOnChange()
    {
        var seen = new List<Request>();
        using var client = Echo.RecordingClient(seen);
        await client.GetAsync("https://api.test/");

        client.Headers.IsReadOnly.ShouldBeTrue();
        var ex = Should.Throw<InvalidOperationException>(() => client.Headers.Add("X-Late", "1"));
        ex.Message.ShouldContain("RequestOptions.Headers");
        Should.Throw<InvalidOperationException>(() => client.Headers["Accept"] = "text/html");
        Should.Throw<InvalidOperationException>(() => client.Headers.Remove("Accept"));

        await client.GetAsync("https://api.test/");
        seen[1].Headers.Contains("X-Late").ShouldBeFalse();
        seen[1].Headers["Accept"].ShouldBe("*/*");
    }

    [Test]
    public async Task RequestHeaders_FromAStartedClient_StayChangeable()
    {
        using var client = Echo.RecordingClient([]);
        await client.GetAsync("https://api.test/");

        var request = client.BuildRequest("GET", "https://api.test/");
        request.Headers.Add("X-Per-Request", "ok");
        request.Headers["X-Per-Request"].ShouldBe("ok");
    }

    [Test]
    public void InvalidOptions_ListEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new Client(new ClientOptions { MaxRedirects = -1, BaseUrl = new Uri("ftp://x"), MaxDecodedBodySize = 0 }));
        ex.Message.ShouldContain("MaxRedirects");
        ex.Message.ShouldContain("BaseUrl");
        ex.Message.ShouldContain("MaxDecodedBodySize");
    }
}
