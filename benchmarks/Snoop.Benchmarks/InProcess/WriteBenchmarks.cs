using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Benchmarks.InProcess;

/// <summary>
/// Per-write cost of the capture's <c>Response.Body</c> stream and <c>Response.BodyWriter</c>, against the
/// server's own stream and writer: 256-byte writes, 1,024 per invocation, the capture installed once. The
/// body capture's 32 KiB prefix is already full (the steady state of any larger body).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class WriteBenchmarks
{
    private const int Writes = 1024;
    private const int WriteSize = 256;

    private readonly byte[] _chunk = Pipelines.CreateBody(WriteSize);
    private readonly List<IDisposable> _scopes = new();
    private Stream _serverStream = null!;
    private Stream _metricsStream = null!;
    private Stream _bodyStream = null!;
    private Stream _countingStream = null!;
    private Stream _floorStream = null!;
    private PipeWriter _floorWriter = null!;
    private PipeWriter _serverWriter = null!;
    private PipeWriter _metricsWriter = null!;
    private PipeWriter _bodyWriter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var server = new ServerLikeFeatures().Open();
        _serverStream = server.Response.Body;
        _serverWriter = server.Response.BodyWriter;

        var metrics = new ServerLikeFeatures().Open();
        _scopes.Add(ResponseCapture.BeginMetrics(metrics));
        _metricsStream = metrics.Response.Body;
        _metricsWriter = metrics.Response.BodyWriter;

        var body = new ServerLikeFeatures().Open();
        _scopes.Add(ResponseCapture.Begin(body, Pipelines.CaptureLimit));
        _bodyStream = body.Response.Body;
        _bodyWriter = body.Response.BodyWriter;
        _bodyStream.Write(new byte[Pipelines.CaptureLimit]);

        _countingStream = new CountingStream(new ServerLikeFeatures().Open().Response.Body);

        var floor = new ServerLikeFeatures().Open();
        FloorMetrics.Install(floor);
        _floorStream = floor.Response.Body;
        _floorWriter = floor.Response.BodyWriter;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var scope in _scopes)
        {
            scope.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes, Description = "server stream")]
    [BenchmarkCategory("Stream.WriteAsync")]
    public Task StreamServer() => WriteAll(_serverStream);

    [Benchmark(OperationsPerInvoke = Writes, Description = "Snoop metrics stream")]
    [BenchmarkCategory("Stream.WriteAsync")]
    public Task StreamSnoopMetrics() => WriteAll(_metricsStream);

    [Benchmark(OperationsPerInvoke = Writes, Description = "Snoop body stream (prefix full)")]
    [BenchmarkCategory("Stream.WriteAsync")]
    public Task StreamSnoopBody() => WriteAll(_bodyStream);

    [Benchmark(OperationsPerInvoke = Writes, Description = "counting Stream")]
    [BenchmarkCategory("Stream.WriteAsync")]
    public Task StreamCounting() => WriteAll(_countingStream);

    [Benchmark(OperationsPerInvoke = Writes, Description = "floor metrics stream")]
    [BenchmarkCategory("Stream.WriteAsync")]
    public Task StreamFloor() => WriteAll(_floorStream);

    [Benchmark(Baseline = true, OperationsPerInvoke = Writes, Description = "server writer")]
    [BenchmarkCategory("BodyWriter.GetSpan+Advance")]
    public void WriterServer() => AdvanceAll(_serverWriter);

    [Benchmark(OperationsPerInvoke = Writes, Description = "Snoop metrics writer")]
    [BenchmarkCategory("BodyWriter.GetSpan+Advance")]
    public void WriterSnoopMetrics() => AdvanceAll(_metricsWriter);

    [Benchmark(OperationsPerInvoke = Writes, Description = "Snoop body writer (prefix full)")]
    [BenchmarkCategory("BodyWriter.GetSpan+Advance")]
    public void WriterSnoopBody() => AdvanceAll(_bodyWriter);

    [Benchmark(OperationsPerInvoke = Writes, Description = "floor metrics writer")]
    [BenchmarkCategory("BodyWriter.GetSpan+Advance")]
    public void WriterFloor() => AdvanceAll(_floorWriter);

    private async Task WriteAll(Stream stream)
    {
        var chunk = _chunk.AsMemory();
        for (var i = 0; i < Writes; i++)
        {
            await stream.WriteAsync(chunk);
        }
    }

    private void AdvanceAll(PipeWriter writer)
    {
        var chunk = _chunk.AsSpan();
        for (var i = 0; i < Writes; i++)
        {
            chunk.CopyTo(writer.GetSpan(WriteSize));
            writer.Advance(WriteSize);
        }
    }
}
