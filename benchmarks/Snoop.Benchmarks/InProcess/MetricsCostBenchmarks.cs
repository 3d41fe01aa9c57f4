using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// Where a metrics capture's time goes, 1 KiB body through <c>Response.Body</c>: each row adds one ingredient of
/// <c>UseResponseMetrics</c> to an otherwise empty middleware (swapping the body feature, reading the clock twice,
/// the scope API, the full middleware), beside the counting stream and a middleware that only calls the next one
/// (the floor of any middleware), and <see cref="FloorMetrics"/>: the least code with the guarantees of
/// <c>UseResponseMetrics</c> (the floor of a metrics capture). Two rows measure the standard metric,
/// <c>UseResponseSizeMetrics</c>: once with nothing listening to its instrument, once with a
/// <see cref="MeterListener"/> that receives every measurement (each in its own service provider, so that the
/// listener turns on the second one's instrument only).
/// </summary>
[MemoryDiagnoser]
public class MetricsCostBenchmarks : IDisposable
{
    private readonly ServerLikeFeatures _server = new();
    private RequestDelegate _none = null!;
    private RequestDelegate _empty = null!;
    private RequestDelegate _swap = null!;
    private RequestDelegate _clock = null!;
    private RequestDelegate _scope = null!;
    private RequestDelegate _metrics = null!;
    private RequestDelegate _counting = null!;
    private RequestDelegate _floor = null!;
    private RequestDelegate _floorScope = null!;
    private RequestDelegate _sizeNoListener = null!;
    private RequestDelegate _sizeListener = null!;
    private MeterListener? _listener;
    private long _sink;

    [GlobalSetup]
    public void Setup()
    {
        var services = Pipelines.CreateServices();
        var body = Pipelines.CreateBody(1024);
        _none = Pipelines.Build(Variant.None, services, body);
        _metrics = Pipelines.Build(Variant.SnoopMetrics, services, body);
        _counting = Pipelines.Build(Variant.CountingStream, services, body);
        var emptyApp = new ApplicationBuilder(services);
        emptyApp.Use(next => context => next(context));
        emptyApp.Run(Pipelines.Terminal(body, WritePath.Stream));
        _empty = emptyApp.Build();
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

        _floor = Build(services, body, (context, next) => FloorMetrics.InvokeAsync(context, next, (_, metrics) => _sink += metrics.StatusCode + metrics.BytesWritten));

        _floorScope = Build(services, body, async (context, next) =>
        {
            using var capture = FloorMetrics.BeginScope(context);
            await next(context);
            _sink += capture.GetMetrics().BytesWritten;
        });

        _sizeNoListener = BuildSizeMetrics(body, out _);
        _sizeListener = BuildSizeMetrics(body, out var listened);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == listened && instrument.Name == ResponseSizeMetric.InstrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _sink += value + tags.Length);
        _listener.Start();

        // Each row must do what it says: the listened pipeline records every request, the other none.
        var before = _sink;
        _server.RunAsync(_sizeNoListener).GetAwaiter().GetResult();
        if (_sink != before)
        {
            throw new InvalidOperationException("The instrument without a listener recorded.");
        }

        _server.RunAsync(_sizeListener).GetAwaiter().GetResult();
        if (_sink != before + body.Length + 4)
        {
            throw new InvalidOperationException($"The listened instrument recorded {_sink - before} instead of {body.Length} bytes and 4 attributes.");
        }

        // The floors and Snoop count the same bytes (and the floor reports the status as UseResponseMetrics's row does).
        foreach (var (name, app, expected) in new[] { ("floor", _floor, 200 + body.Length), ("floor of the scope", _floorScope, body.Length), ("BeginMetrics", _scope, body.Length), ("UseResponseMetrics", _metrics, -1) })
        {
            before = _sink;
            _server.RunAsync(app).GetAwaiter().GetResult();
            if (_server.BytesSent != body.Length || (expected >= 0 && _sink - before != expected))
            {
                throw new InvalidOperationException($"{name}: sent {_server.BytesSent} bytes, observed {_sink - before} instead of {expected}.");
            }
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _listener?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "no capture")]
    public Task None() => _server.RunAsync(_none);

    [Benchmark(Description = "empty middleware (calls next)")]
    public Task Empty() => _server.RunAsync(_empty);

    [Benchmark(Description = "swap body feature (no stream wrapper)")]
    public Task Swap() => _server.RunAsync(_swap);

    [Benchmark(Description = "two clock reads")]
    public Task Clock() => _server.RunAsync(_clock);

    [Benchmark(Description = "BeginMetrics scope")]
    public Task Scope() => _server.RunAsync(_scope);

    [Benchmark(Description = "UseResponseMetrics")]
    public Task Metrics() => _server.RunAsync(_metrics);

    [Benchmark(Description = "floor: least code with the same guarantees")]
    public Task Floor() => _server.RunAsync(_floor);

    [Benchmark(Description = "floor of the scope: least code with BeginMetrics' guarantees")]
    public Task FloorScope() => _server.RunAsync(_floorScope);

    [Benchmark(Description = "UseResponseSizeMetrics, no listener")]
    public Task SizeMetricNoListener() => _server.RunAsync(_sizeNoListener);

    [Benchmark(Description = "UseResponseSizeMetrics, listener attached")]
    public Task SizeMetricListener() => _server.RunAsync(_sizeListener);

    [Benchmark(Description = "counting Stream")]
    public Task Counting() => _server.RunAsync(_counting);

    /// <summary>The standard metric in front of the same handler, over services of its own (its own meter factory).</summary>
    private static RequestDelegate BuildSizeMetrics(byte[] body, out IMeterFactory factory)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        factory = services.GetRequiredService<IMeterFactory>();
        var app = new ApplicationBuilder(services);
        app.UseResponseSizeMetrics();
        app.Run(Pipelines.Terminal(body, WritePath.Stream));
        return app.Build();
    }

    private static RequestDelegate Build(IServiceProvider services, byte[] body, Func<HttpContext, RequestDelegate, Task> middleware)
    {
        var app = new ApplicationBuilder(services);
        app.Use(middleware);
        app.Run(Pipelines.Terminal(body, WritePath.Stream));
        return app.Build();
    }
}
