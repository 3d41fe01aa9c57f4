using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// Per-request cost when the handler writes through <c>Response.BodyWriter</c> (System.Text.Json, minimal APIs):
/// a capture that decorates the feature keeps the server's writer; one that assigns <c>Response.Body</c> makes
/// ASP.NET Core put a pipe adapter over its stream.
/// </summary>
[MemoryDiagnoser]
public class WriterPathRequestBenchmarks
{
    private readonly ServerLikeFeatures _server = new();
    private readonly Dictionary<Variant, RequestDelegate> _apps = new();

    [Params(1024, 64 * 1024)]
    public int BodySize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = Pipelines.CreateServices();
        var body = Pipelines.CreateBody(BodySize);
        foreach (var variant in new[] { Variant.None, Variant.SnoopMetrics, Variant.SnoopBody, Variant.HttpLogging, Variant.CountingStream })
        {
            var app = Pipelines.Build(variant, services, body, WritePath.Writer);
            _apps[variant] = app;
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

    [Benchmark(Description = "HTTP logging 32 KiB")]
    public Task HttpLogging() => _server.RunAsync(_apps[Variant.HttpLogging]);

    [Benchmark(Description = "counting Stream")]
    public Task CountingStream() => _server.RunAsync(_apps[Variant.CountingStream]);
}
