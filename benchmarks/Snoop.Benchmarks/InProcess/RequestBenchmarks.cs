using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// Per-request cost of each way to observe a response: one request through the variant's middleware and the
/// same terminal handler (writes the body through <c>Response.Body</c> in 16 KiB chunks), on server-like
/// features reused from request to request. The baseline is no capture.
/// </summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private readonly ServerLikeFeatures _server = new();
    private readonly Dictionary<Variant, RequestDelegate> _apps = new();

    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = Pipelines.CreateServices();
        var body = Pipelines.CreateBody(BodySize);
        foreach (var variant in Enum.GetValues<Variant>())
        {
            var app = Pipelines.Build(variant, services, body);
            _apps[variant] = app;

            // Each variant must send the whole body to the server: a benchmark of a broken pipeline measures nothing.
            _server.RunAsync(app).GetAwaiter().GetResult();
            if (_server.BytesSent != BodySize)
            {
                throw new InvalidOperationException($"{variant} sent {_server.BytesSent} bytes instead of {BodySize}.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "no capture")]
    public Task None() => _server.RunAsync(_apps[Variant.None]);

    [Benchmark(Description = "Snoop metrics")]
    public Task SnoopMetrics() => _server.RunAsync(_apps[Variant.SnoopMetrics]);

    [Benchmark(Description = "Snoop body 32 KiB")]
    public Task SnoopBody() => _server.RunAsync(_apps[Variant.SnoopBody]);

    [Benchmark(Description = "Snoop body 32 KiB + text")]
    public Task SnoopBodyText() => _server.RunAsync(_apps[Variant.SnoopBodyText]);

    [Benchmark(Description = "MemoryStream template")]
    public Task MemoryStreamTemplate() => _server.RunAsync(_apps[Variant.MemoryStreamTemplate]);

    [Benchmark(Description = "HTTP logging 32 KiB")]
    public Task HttpLogging() => _server.RunAsync(_apps[Variant.HttpLogging]);

    [Benchmark(Description = "counting Stream")]
    public Task CountingStream() => _server.RunAsync(_apps[Variant.CountingStream]);
}
