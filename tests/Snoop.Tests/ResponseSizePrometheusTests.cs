using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// End to end with the real consumers: Kestrel serves a mix of responses through <c>UseResponseSizeMetrics</c>,
/// the OpenTelemetry SDK collects the <c>Snoop</c> meter, its Prometheus exporter serves <c>/metrics</c>, and the
/// test scrapes it over HTTP: the histogram's counts and sums are the bytes the client received.
/// </summary>
[Collection(SnoopMeterCollection.Name)]
public sealed class ResponseSizePrometheusTests : IDisposable
{
    private const string Histogram = "http_server_response_body_size_bytes";

    private readonly string _file = Path.GetTempFileName();

    public ResponseSizePrometheusTests() => File.WriteAllBytes(_file, Enumerable.Range(0, 5000).Select(i => (byte)('a' + (i % 26))).ToArray());

    public void Dispose() => File.Delete(_file);

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task ScrapedHistogramCountsAndSumsWhatTheClientReceived(Protocol protocol)
    {
        var sseRead = new Signal();
        var partialRead = new Signal();
        await using var host = await KestrelHost.StartAsync(
            protocol,
            app =>
            {
                app.UseOpenTelemetryPrometheusScrapingEndpoint(); // before the metric: scrapes are not part of the mix
                app.UseResponseSizeMetrics();
                app.UseRouting();
                app.MapGet("/json", async (HttpContext context) =>
                {
                    context.Response.ContentType = "application/json";
                    var orders = Enumerable.Range(1, 40).Select(i => new { id = i, name = $"order {i}", lines = new[] { i, i * 2 } });
                    await JsonSerializer.SerializeAsync(context.Response.BodyWriter, orders);
                });
                app.MapGet("/file", (HttpContext context) => context.Response.SendFileAsync(_file, 1000, 2500));
                app.MapGet("/events", async (HttpContext context) =>
                {
                    context.Response.ContentType = "text/event-stream";
                    await context.Response.WriteAsync("data: first\n\n");
                    await context.Response.Body.FlushAsync();
                    if (!await sseRead.WaitAsync())
                    {
                        await context.Response.WriteAsync("data: did not stream\n\n");
                    }

                    for (var i = 0; i < 3; i++)
                    {
                        await context.Response.WriteAsync($"data: event {i}\n\n");
                        await context.Response.Body.FlushAsync();
                    }
                });
                app.MapGet("/fails", async (HttpContext context) =>
                {
                    await context.Response.WriteAsync("partial body before the failure");
                    await context.Response.Body.FlushAsync();
                    await partialRead.WaitAsync();
                    throw new InvalidTimeZoneException("after start");
                });
            },
            services: s => s.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(ResponseSizeMetric.MeterName)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)));

        var json = (await host.Client.GetByteArrayAsync("/json")).LongLength;
        var file = (await host.Client.GetByteArrayAsync("/file")).LongLength;
        var events = await ReadEventsAsync(host, sseRead);
        using var missing = await host.Client.GetAsync("/nothing");
        var notFound = (await missing.Content.ReadAsByteArrayAsync()).LongLength;
        var partial = await ReadUntilFailureAsync(host, "/fails", "partial body before the failure".Length, partialRead);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2500, file);
        Assert.StartsWith("data: first\n\ndata: event 0", events.Text, StringComparison.Ordinal);
        Assert.True(json > 1000, $"The JSON body has {json} bytes.");

        var samples = await ScrapeUntilAsync(host, count: 5);
        Assert.Equal(json + file + events.Bytes + notFound + partial, Single(samples, "_sum").Value);
        Assert.Equal(5, Single(samples, "_count").Value);

        var route = (string r) => (Func<PrometheusSample, bool>)(s => s.Label("http_route") == r);
        Assert.Equal(json, Single(samples, "_sum", route("/json")).Value);
        Assert.Equal(file, Single(samples, "_sum", route("/file")).Value);
        Assert.Equal(events.Bytes, Single(samples, "_sum", route("/events")).Value);
        Assert.Equal(partial, Single(samples, "_sum", route("/fails")).Value);
        var failed = Single(samples, "_count", route("/fails"));
        Assert.Equal(1, failed.Value);
        Assert.Equal(typeof(InvalidTimeZoneException).FullName, failed.Label("error_type"));
        Assert.Equal("200", failed.Label("http_response_status_code"));
        var notFoundCount = Single(samples, "_count", s => s.Label("http_response_status_code") == "404");
        Assert.Equal(1, notFoundCount.Value);
        Assert.Null(notFoundCount.Label("http_route"));
        Assert.All(samples, s => Assert.Equal(protocol == Protocol.Http2 ? "2" : "1.1", s.Label("network_protocol_version")));
        Assert.All(samples, s => Assert.Equal("GET", s.Label("http_request_method")));
        Assert.All(samples, s => Assert.Equal("http", s.Label("url_scheme")));

        // The buckets are the instrument's advice (the SDK's default boundaries have no 1024 or 4096).
        var fileBuckets = samples.Where(s => s.Name == Histogram + "_bucket" && s.Label("http_route") == "/file").ToList();
        Assert.Equal(0, fileBuckets.Single(s => s.Label("le") == "1024").Value);
        Assert.Equal(1, fileBuckets.Single(s => s.Label("le") == "4096").Value);
        Assert.Equal(ResponseSizeMetric.BucketBoundaries.Count + 1, fileBuckets.Count); // one per boundary and +Inf
    }

    private static PrometheusSample Single(IReadOnlyList<PrometheusSample> samples, string suffix, Func<PrometheusSample, bool>? where = null)
    {
        var matching = samples.Where(s => s.Name == Histogram + suffix && (where?.Invoke(s) ?? true)).ToList();
        if (where is not null)
        {
            return Assert.Single(matching);
        }

        // Across every series: one sample of the total.
        return new PrometheusSample(Histogram + suffix, new Dictionary<string, string>(), matching.Sum(s => s.Value));
    }

    /// <summary>Scrapes until the histogram has counted <paramref name="count"/> requests: the last one may be recorded just after its client finished.</summary>
    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(KestrelHost host, int count)
    {
        var deadline = DateTime.UtcNow + Signal.Patience;
        while (true)
        {
            var text = await host.Client.GetStringAsync("/metrics");
            var samples = PrometheusText.Parse(text).Where(s => s.Name.StartsWith(Histogram, StringComparison.Ordinal)).ToList();
            var counted = samples.Where(s => s.Name == Histogram + "_count").Sum(s => s.Value);
            if (counted >= count)
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, $"After {Signal.Patience} the scrape counts {counted} of {count} requests:\n{text}");
            await Task.Delay(20);
        }
    }

    private static async Task<(long Bytes, string Text)> ReadEventsAsync(KestrelHost host, Signal firstEventRead)
    {
        using var response = await host.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte["data: first\n\n".Length];
        await stream.ReadExactlyAsync(first); // arrives while the handler waits: the stream streams
        firstEventRead.Set();
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);
        var text = System.Text.Encoding.UTF8.GetString(first) + System.Text.Encoding.UTF8.GetString(rest.ToArray());
        return (first.Length + rest.Length, text);
    }

    private static async Task<long> ReadUntilFailureAsync(KestrelHost host, string path, int signalAfter, Signal signal)
    {
        using var response = await host.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        long total = 0;
        try
        {
            while (true)
            {
                if (total >= signalAfter)
                {
                    signal.Set();
                }

                var read = await stream.ReadAsync(buffer);
                Assert.True(read > 0, "The failed response ended cleanly.");
                total += read;
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.True(signal.IsSet, $"The response failed after {total} bytes, before the client read what was sent.");
            return total;
        }
    }
}
