using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// Where a metrics capture's time goes, 1 KiB body through <c>Response.Body</c>: each row adds one ingredient of
/// <c>UseResponseMetrics</c> to an otherwise empty middleware (swapping the body feature, reading the clock twice,
/// the scope API, the full middleware), beside the counting stream.
/// </summary>
[MemoryDiagnoser]
public class MetricsCostBenchmarks
{
    private readonly ServerLikeFeatures _server = new();
    private RequestDelegate _none = null!;
    private RequestDelegate _swap = null!;
    private RequestDelegate _clock = null!;
    private RequestDelegate _scope = null!;
    private RequestDelegate _metrics = null!;
    private RequestDelegate _counting = null!;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        var services = Pipelines.CreateServices();
        var body = Pipelines.CreateBody(1024);
        _none = Pipelines.Build(Variant.None, services, body);
        _metrics = Pipelines.Build(Variant.SnoopMetrics, services, body);
        _counting = Pipelines.Build(Variant.CountingStream, services, body);
        _swap = Build(services, body, async (context, next) =>
        {
            var previous = context.Features.Get<IHttpResponseBodyFeature>()!;
            context.Features.Set<IHttpResponseBodyFeature>(new DelegatingResponseBodyFeature(previous));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(previous);
            }
        });
        _clock = Build(services, body, async (context, next) =>
        {
            var start = Stopwatch.GetTimestamp();
            await next(context);
            _sink += Stopwatch.GetElapsedTime(start).Ticks;
        });
        _scope = Build(services, body, async (context, next) =>
        {
            using var capture = ResponseCapture.BeginMetrics(context);
            await next(context);
            _sink += capture.GetMetrics().BytesWritten;
        });
    }

    [Benchmark(Baseline = true, Description = "no capture")]
    public Task None() => _server.RunAsync(_none);

    [Benchmark(Description = "swap body feature (no stream wrapper)")]
    public Task Swap() => _server.RunAsync(_swap);

    [Benchmark(Description = "two clock reads")]
    public Task Clock() => _server.RunAsync(_clock);

    [Benchmark(Description = "BeginMetrics scope")]
    public Task Scope() => _server.RunAsync(_scope);

    [Benchmark(Description = "UseResponseMetrics")]
    public Task Metrics() => _server.RunAsync(_metrics);

    [Benchmark(Description = "counting Stream")]
    public Task Counting() => _server.RunAsync(_counting);

    private static RequestDelegate Build(IServiceProvider services, byte[] body, Func<HttpContext, RequestDelegate, Task> middleware)
    {
        var app = new ApplicationBuilder(services);
        app.Use(middleware);
        app.Run(Pipelines.Terminal(body, WritePath.Stream));
        return app.Build();
    }
}
