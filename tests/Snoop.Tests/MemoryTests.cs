using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Snoop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Snoop.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation-sensitive (runs alone)";
}

/// <summary>A 1 GiB response streams through a bounded capture with allocations that do not grow with the body.</summary>
[Collection(AllocationCollection.Name)]
public class MemoryTests(ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// What the capture may add to what the same response costs without it (server and client together, in
    /// this process). A buffering capture adds at least the body, 1 GiB (a MemoryStream about twice that).
    /// HTTP/1.1 costs about 15 MiB per GiB either way; HTTP/2's own allocations (HttpClient and Kestrel framing)
    /// are 200-450 MiB per GiB and vary by ±100 MiB from run to run, so its allowance is wider.
    /// </summary>
    private static long CaptureAllowance(Protocol protocol) => protocol == Protocol.Http1 ? 16L << 20 : 256L << 20;

    [Theory]
    [MemberData(nameof(Protocols.Both), MemberType = typeof(Protocols))]
    public async Task OneGiBStreamsThroughABoundedCaptureWithFlatMemory(Protocol protocol)
    {
        var sink = new Sink<(long Bytes, int Kept, bool Truncated)>();
        await using var host = await KestrelHost.StartAsync(protocol, app =>
        {
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments("/captured"),
                captured => captured.UseBodyCapture(ResponseCapture.DefaultMaxBodyBytes, (_, c) => sink.Set((c.BytesWritten, c.Body.Length, c.IsTruncated))));
            app.Run(async context =>
            {
                var total = context.Request.Query.ContainsKey("small") ? Chunk : OneGiB;
                var chunk = new byte[Chunk];
                for (long sent = 0; sent < total; sent += Chunk)
                {
                    if ((sent / Chunk) % 2 == 0)
                    {
                        await context.Response.Body.WriteAsync(chunk);
                    }
                    else
                    {
                        await context.Response.BodyWriter.WriteAsync(chunk);
                    }
                }
            });
        });

        // Warm both paths up so that one-time costs (JIT, connection, pools) are not counted.
        await ReadAllAsync(host, "/plain?small");
        await ReadAllAsync(host, "/captured?small");
        await sink.GetAsync();
        sink = new();

        var baseline = await MeasureAsync(host, "/plain");
        var captured = await MeasureAsync(host, "/captured");
        var (bytes, kept, truncated) = await sink.GetAsync();
        output.WriteLine($"{protocol}: 1 GiB response allocated {baseline / 1048576.0:F1} MiB without capture, {captured / 1048576.0:F1} MiB with a 32 KiB capture");

        Assert.Equal(OneGiB, bytes);
        Assert.Equal(ResponseCapture.DefaultMaxBodyBytes, kept);
        Assert.True(truncated);
        Assert.True(
            captured - baseline < CaptureAllowance(protocol),
            $"the capture added {captured - baseline:N0} bytes of allocation to a 1 GiB response (allowance {CaptureAllowance(protocol):N0})");
    }

    private static async Task<long> MeasureAsync(KestrelHost host, string path)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal(OneGiB, await ReadAllAsync(host, path));
        await Task.Yield();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static async Task<long> ReadAllAsync(KestrelHost host, string path)
    {
        using var response = await host.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[Chunk];
        long received = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received += read;
        }

        return received;
    }
}
