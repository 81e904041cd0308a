using Courier.Recorder;

// Usage: Saver <cassette path>. Saves cassette A (interactions whose bodies are all 'a') and cassette B (all 'b',
// a different count) alternately, forever, printing "saved" after each save. The test kills it at random moments.
var path = args[0];
Cassette Make(char fill, int count) => new(Enumerable.Range(0, count).Select(i => new Interaction(
    new RecordedRequest { Method = "GET", Uri = $"http://127.0.0.1/{fill}/{i}" },
    new RecordedResponse { StatusCode = 200, Body = System.Text.Encoding.ASCII.GetBytes(new string(fill, 64 * 1024)) })));
var a = Make('a', 40);
var b = Make('b', 60);
for (var i = 0; ; i++)
{
    await (i % 2 == 0 ? a : b).SaveAsync(path);
    Console.WriteLine("saved");
}
