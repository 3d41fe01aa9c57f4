namespace Snoop.Package.Tests.Infrastructure;

/// <summary>The test's side of the consumer's /events protocol (see <see cref="ConsumerApp.Program"/>).</summary>
public static class ServerSentEvents
{
    /// <summary>
    /// Reads the first event, only then calls /release, then reads the second event. Returns both events' data.
    /// Bounded by a generous cancellation, never by a timing assertion.
    /// </summary>
    public static async Task<(string First, string Second)> ObserveAsync(HttpClient client)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(body);

        var first = await ReadEventAsync(reader, cts.Token);
        using (var release = await client.PostAsync("/release", content: null, cts.Token))
        {
            release.EnsureSuccessStatusCode();
        }

        var second = await ReadEventAsync(reader, cts.Token);
        return (first, second);
    }

    private static async Task<string> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        return string.Join("\n", data);
    }
}
