using System.Text.Json;
using Courier.Recorder;

namespace Courier.RecorderTests.Interop;

using Recorder = Courier.Recorder.Recorder;

/// <summary>A cassette Ruby VCR (Debian's ruby-vcr with ruby-webmock, through Net::HTTP) records against Kestrel replays in Courier.</summary>
[Category("Tool:ruby-vcr")]
public sealed class RubyVcrInteropTests : Recording.RecorderTestBase
{
    private const string RecordScript = """
        require 'vcr'
        require 'webmock'
        require 'net/http'
        require 'json'
        require 'base64'
        dir, base = ARGV[0], ARGV[1]
        VCR.configure do |c|
          c.cassette_library_dir = dir
          c.hook_into :webmock
        end
        out = []
        VCR.use_cassette('ruby', record: :once) do
          [['GET', 'hello?n=9', nil], ['GET', 'binary', nil], ['POST', 'echo', "\x00\x01binary\xff".b]].each do |method, path, body|
            uri = URI(base + path)
            http = Net::HTTP.new(uri.host, uri.port)
            req = method == 'GET' ? Net::HTTP::Get.new(uri) : Net::HTTP::Post.new(uri)
            req['Accept-Encoding'] = 'identity'
            if body
              req.body = body
              req['Content-Type'] = 'application/octet-stream'
            end
            res = http.request(req)
            out << { method: method, url: base + path, status: res.code.to_i, body: Base64.strict_encode64(res.body.b), cookies: res.get_fields('Set-Cookie') }
          end
        end
        puts JSON.generate(out)
        """;

    [Test]
    public async Task RubyVcrCassette_RecordedAgainstKestrel_ReplaysInCourierWithSameBytes()
    {
        var ruby = ToolRunner.RequireRuby();
        JsonElement recorded;
        await using (var server = await StartServerAsync())
        {
            recorded = ToolRunner.RunScript(ruby, "record.rb", RecordScript, Dir, Dir, server.Url.ToString());
        }

        var path = Path.Combine(Dir, "ruby.yml");
        // RedactHeaders = []: the test cookie is not a secret, and it must come back byte for byte.
        using var replay = Recorder.Open(path, new NoNetwork(), Options(RecordMode.None) with { MatchOn = MatchOn.Default | MatchOn.Body, RedactHeaders = [] });
        replay.Cassette.Dialect.ShouldBe(CassetteDialect.RubyVcr);
        replay.Cassette.Interactions.Count.ShouldBe(3);
        using var client = new HttpClient(replay);
        foreach (var item in recorded.EnumerateArray())
        {
            using var request = new HttpRequestMessage(new HttpMethod(item.GetProperty("method").GetString()!), item.GetProperty("url").GetString());
            if (request.Method == HttpMethod.Post)
            {
                request.Content = new ByteArrayContent([0, 1, .. "binary"u8, 0xff]);
            }

            using var response = await client.SendAsync(request);
            ((int)response.StatusCode).ShouldBe(item.GetProperty("status").GetInt32());
            (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Convert.FromBase64String(item.GetProperty("body").GetString()!));
            if (item.GetProperty("cookies").ValueKind == JsonValueKind.Array)
            {
                response.Headers.NonValidated["Set-Cookie"].ShouldBe(item.GetProperty("cookies").EnumerateArray().Select(e => e.GetString()!));
            }
        }
    }
}
