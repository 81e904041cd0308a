using System.Text;
using Courier.ClientTests.Support;
using Courier.TestUtils;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.ClientTests.Responses;

public class ResponseTests
{
    private static Response Answer(Response response, string url = "https://api.test/x")
    {
        using var client = Echo.MockClient(_ => response);
        return client.Get(url);
    }

    private static Response AnswerBytes(byte[] body, string? contentType) =>
        Answer(new Response(200, Body.Bytes(body, contentType)));

    [Test]
    public async Task Members_FromARealServer()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/teapot", (HttpContext ctx) =>
        {
            ctx.Response.StatusCode = 418;
            ctx.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Short And Stout";
            ctx.Response.Headers["X-Multi"] = new(["1", "2"]);
            return ctx.Response.WriteAsync("{\"kind\":\"teapot\"}");
        }));
        using var client = new Client();

        var response = await client.GetAsync(server.At("/teapot"));

        response.StatusCode.ShouldBe(418);
        response.ReasonPhrase.ShouldBe("Short And Stout");
        response.HttpVersion.ShouldBe("HTTP/1.1");
        response.Headers.GetValues("x-multi").ShouldBe(["1", "2"]);
        response.Text.ShouldBe("{\"kind\":\"teapot\"}");
        response.Json<Dictionary<string, string>>()!["kind"].ShouldBe("teapot");
        response.Request.Url.ShouldBe(new Uri(server.At("/teapot")));
        response.History.ShouldBeEmpty();
        response.NextRequest.ShouldBeNull();
        response.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
        (response.IsClientError, response.IsError, response.IsSuccess, response.IsServerError, response.IsRedirect, response.IsInformational)
            .ShouldBe((true, true, false, false, false, false));
        response.ToString().ShouldBe("<Response [418 Short And Stout]>");
        response.IsRead.ShouldBeTrue();
        response.IsClosed.ShouldBeTrue();
    }

    [TestCase(200, true, false, false, false)]
    [TestCase(302, false, true, false, false)]
    [TestCase(404, false, false, true, false)]
    [TestCase(503, false, false, false, true)]
    public void StatusPredicates(int status, bool success, bool redirect, bool clientError, bool serverError)
    {
        var response = Answer(new Response(status, headers: new() { { "Location", "/elsewhere" } }));
        response.IsSuccess.ShouldBe(success);
        response.IsRedirect.ShouldBe(redirect);
        response.IsClientError.ShouldBe(clientError);
        response.IsServerError.ShouldBe(serverError);
        response.IsError.ShouldBe(clientError || serverError);
    }

    [Test]
    public void Text_CharsetFromContentType_Wins()
    {
        AnswerBytes([0x63, 0x61, 0x66, 0xE9], "text/plain; charset=iso-8859-1").Text.ShouldBe("café");
        AnswerBytes([0x80, 0x20, 0x93, 0x78, 0x94], "text/plain; charset=windows-1252").Text.ShouldBe("€ “x”");
        AnswerBytes([0x80], "text/plain; charset=\"windows-1252\"").Charset.ShouldBe("windows-1252");
    }

    [Test]
    public void Text_NoCharset_BomDecides_ElseUtf8()
    {
        AnswerBytes([0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00], "text/plain").Text.ShouldBe("hé");
        AnswerBytes([0xFE, 0xFF, 0x00, 0x68, 0x00, 0xE9], null).Text.ShouldBe("hé");
        AnswerBytes([0xEF, 0xBB, 0xBF, 0x68, 0xC3, 0xA9], null).Text.ShouldBe("hé");
        AnswerBytes(Encoding.UTF8.GetBytes("plain ü"), "application/json").Text.ShouldBe("plain ü");
        AnswerBytes([0x68, 0xFF], null).Text.ShouldBe("h\uFFFD");
    }

    [Test]
    public async Task Text_ResponsesWithDifferentContentTypes_TakingTurns_EachDecodeByTheirOwn()
    {
        // The last Content-Type's charset is kept between responses: responses from many threads, with different ones,
        // must each decode by their own (a UTF-16 BOM, Latin-1, UTF-8, and a charset quoted differently).
        (byte[] Body, string? Type, string Text)[] cases =
        [
            ([0x63, 0x61, 0x66, 0xE9], "text/plain; charset=iso-8859-1", "café"),
            ([0x63, 0x61, 0x66, 0xC3, 0xA9], "text/plain; charset=utf-8", "café"),
            ([0xFF, 0xFE, 0x68, 0x00, 0xE9, 0x00], "text/plain", "hé"),
            ([0x80], "text/plain; charset=\"windows-1252\"", "€"),
            ([0x68, 0xC3, 0xA9], null, "hé"),
        ];
        var results = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
        {
            var (body, type, _) = cases[i % cases.Length];
            return AnswerBytes(body, type).Text;
        })));

        for (var i = 0; i < results.Length; i++)
        {
            results[i].ShouldBe(cases[i % cases.Length].Text);
        }
    }

    [Test]
    public void Json_OfInvalidBody_ThrowsDecodingException()
    {
        var response = AnswerBytes("not json"u8.ToArray(), "application/json");
        var ex = Should.Throw<DecodingException>(() => response.Json<int[]>());
        ex.Request.ShouldBe(response.Request);
    }

    [Test]
    public void EnsureSuccess_404_HasHttpxMessage()
    {
        var response = Answer(new Response(404), "https://api.test/missing?id=1");

        var ex = Should.Throw<HttpStatusException>(() => response.EnsureSuccess());

        ex.Message.ShouldBe("Client error '404 Not Found' for url 'https://api.test/missing?id=1'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404");
        ex.Response.ShouldBeSameAs(response);
        ex.Request.ShouldBeSameAs(response.Request);
    }

    [Test]
    public void EnsureSuccess_5xxAnd3xx_NameTheirKind()
    {
        Should.Throw<HttpStatusException>(() => Answer(new Response(503)).EnsureSuccess()).Message
            .ShouldBe("Server error '503 Service Unavailable' for url 'https://api.test/x'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/503");
        Should.Throw<HttpStatusException>(() => Answer(new Response(301, headers: new() { { "Location", "https://api.test/y" } })).EnsureSuccess()).Message
            .ShouldBe("Redirect response '301 Moved Permanently' for url 'https://api.test/x'\nRedirect location: 'https://api.test/y'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/301");
        Should.Throw<HttpStatusException>(() => Answer(new Response(500), "https://user:pw@api.test/x").EnsureSuccess()).Message
            .ShouldNotContain("pw");
    }

    [Test]
    public void EnsureSuccess_2xx_ReturnsTheResponse()
    {
        var response = Answer(new Response(204));
        response.EnsureSuccess().ShouldBeSameAs(response);
    }

    [Test]
    public async Task Elapsed_IsSetForMockedAndStreamedResponses_AndStopsWhenRead()
    {
        using var client = Echo.MockClient(_ => new Response(200, Body.Text("x")));
        (await client.GetAsync("https://api.test/")).Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);

        await using var streamed = await client.StreamAsync("GET", "https://api.test/");
        await streamed.ReadBytesAsync();
        var first = streamed.Elapsed;
        await Task.Delay(50);
        streamed.Elapsed.ShouldBe(first);
        first.ShouldBeGreaterThan(TimeSpan.Zero);
    }

    [Test]
    public void Links_AreParsed_AndResolvedAgainstTheRequestUrl()
    {
        var response = Answer(
            new Response(200, headers: new() { { "Link", "<https://api.test/items?page=2>; rel=\"next\", </items?page=9>; rel=last; title=\"Last, page\"" } }),
            "https://api.test/items?page=1");

        response.Links["next"].Url.ShouldBe(new Uri("https://api.test/items?page=2"));
        response.Links["last"].Url.ShouldBe(new Uri("https://api.test/items?page=9"));
        response.Links["last"].Parameters["title"].ShouldBe("Last, page");
        response.Links.Count.ShouldBe(2);
    }

    [Test]
    public void Head_HasNoBody_WhateverContentLengthSays()
    {
        var response = Answer(new Response(200, Body.Text("ignored")));
        response.Content.Length.ShouldBe(7);
        using var client = Echo.MockClient(_ => new Response(200, Body.Text("ignored")));
        client.Head("https://api.test/").Content.Length.ShouldBe(0);
    }
}
