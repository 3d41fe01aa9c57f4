using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// What logging a captured body costs (issue 14): a 32 KiB body capture of a 64 KiB response, its kept bytes logged
/// as text through a <see cref="LoggerMessage"/>-defined message, with the logger enabled (it formats every message
/// and drops it) and disabled (its minimum level is above the message's). Logged two ways: the string from
/// <see cref="ResponseBodyCapture.GetBodyText()"/> (decoded whether or not anything formats it) and the lazy
/// <see cref="ResponseBodyCapture.BodyText"/> (decoded only when the message is formatted). The baseline is the
/// capture without logging; HTTP logging of the same 32 KiB is the reference.
/// </summary>
[MemoryDiagnoser]
public class BodyTextLoggingBenchmarks
{
    private const int BodySize = 64 * 1024;

    private static readonly Action<ILogger, int, string, Exception?> s_logString =
        LoggerMessage.Define<int, string>(LogLevel.Information, new EventId(1, "ResponseBody"), "Response {StatusCode}: {Body}");

    private static readonly Action<ILogger, int, ResponseBodyText, Exception?> s_logLazy =
        LoggerMessage.Define<int, ResponseBodyText>(LogLevel.Information, new EventId(1, "ResponseBody"), "Response {StatusCode}: {Body}");

    private readonly ServerLikeFeatures _server = new();
    private RequestDelegate _capture = null!;
    private RequestDelegate _stringOn = null!;
    private RequestDelegate _stringOff = null!;
    private RequestDelegate _lazyOn = null!;
    private RequestDelegate _lazyOff = null!;
    private RequestDelegate _httpLogging = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = Pipelines.CreateServices();
        var body = Pipelines.CreateBody(BodySize);
        var on = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(new DiscardLoggerProvider())).CreateLogger("Snoop.Benchmarks");
        var off = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new DiscardLoggerProvider())).CreateLogger("Snoop.Benchmarks");
        if (!on.IsEnabled(LogLevel.Information) || off.IsEnabled(LogLevel.Information))
        {
            throw new InvalidOperationException("The loggers are not set up as the rows say.");
        }

        _capture = Build(services, body, (logger, capture) => { }, on);
        _stringOn = Build(services, body, (logger, capture) => s_logString(logger, capture.StatusCode, capture.GetBodyText(), null), on);
        _stringOff = Build(services, body, (logger, capture) => s_logString(logger, capture.StatusCode, capture.GetBodyText(), null), off);
        _lazyOn = Build(services, body, (logger, capture) => s_logLazy(logger, capture.StatusCode, capture.BodyText, null), on);
        _lazyOff = Build(services, body, (logger, capture) => s_logLazy(logger, capture.StatusCode, capture.BodyText, null), off);
        _httpLogging = Pipelines.Build(Variant.HttpLogging, services, body);

        // The enabled rows must format the body; the disabled ones must not.
        foreach (var (app, formats) in new[] { (_stringOn, true), (_lazyOn, true), (_lazyOff, false), (_stringOff, false) })
        {
            var before = DiscardLoggerProvider.Characters;
            _server.RunAsync(app).GetAwaiter().GetResult();
            var formatted = DiscardLoggerProvider.Characters - before;
            if (_server.BytesSent != BodySize || (formatted >= Pipelines.CaptureLimit) != formats)
            {
                throw new InvalidOperationException($"A row does not do what it says: {formatted} characters formatted, {_server.BytesSent} bytes sent.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "body capture, not logged")]
    public Task Capture() => _server.RunAsync(_capture);

    [Benchmark(Description = "GetBodyText() logged, logging on")]
    public Task StringOn() => _server.RunAsync(_stringOn);

    [Benchmark(Description = "GetBodyText() logged, logging off")]
    public Task StringOff() => _server.RunAsync(_stringOff);

    [Benchmark(Description = "BodyText logged, logging on")]
    public Task LazyOn() => _server.RunAsync(_lazyOn);

    [Benchmark(Description = "BodyText logged, logging off")]
    public Task LazyOff() => _server.RunAsync(_lazyOff);

    [Benchmark(Description = "HTTP logging 32 KiB (reference)")]
    public Task HttpLogging() => _server.RunAsync(_httpLogging);

    private static RequestDelegate Build(IServiceProvider services, byte[] body, Action<ILogger, ResponseBodyCapture> log, ILogger logger)
    {
        var app = new ApplicationBuilder(services);
        app.Use(async (context, next) =>
        {
            await using var capture = ResponseCapture.Begin(context, Pipelines.CaptureLimit);
            await next(context);
            log(logger, capture);
        });
        app.Run(Pipelines.Terminal(body, WritePath.Stream));
        return app.Build();
    }
}
