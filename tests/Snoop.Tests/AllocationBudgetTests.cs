using Microsoft.AspNetCore.Http;
using Snoop.Benchmarks.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// The per-request allocation budget of a metrics capture, as a test beside the benchmark: one request at a time
/// through the benchmarks' server-like features (reused from request to request, one pooled
/// <see cref="DefaultHttpContext"/> re-initialized over them, as Kestrel does), everything completing
/// synchronously on the test thread. Allocated bytes are exact, unlike times, so the budget can be asserted.
/// </summary>
public sealed class AllocationBudgetTests
{
    private const int Requests = 2_000;

    private const int WarmUp = 200;

    private static readonly byte[] s_chunk = new byte[1024];

    // The budgets are today's measurements (docs/benchmarks.md): a change that allocates more fails here.

    /// <summary><c>UseResponseMetrics</c> and the callback form of <c>CaptureMetricsAsync</c>.</summary>
    internal const long CallbackBudget = 96;

    /// <summary>The <c>Task&lt;ResponseMetrics&gt;</c> form of <c>CaptureMetricsAsync</c>: the capture plus the task that carries the result.</summary>
    private const long ResultBudget = 184;

    /// <summary>The <c>BeginMetrics</c> scope: the capture, which is the scope (and the installed feature) itself.</summary>
    private const long ScopeBudget = 96;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_callback_form_stays_within_its_budget_per_request(bool bodyWriter)
    {
        var terminal = Terminal(bodyWriter);
        var counter = new Counter();
        Action<HttpContext, ResponseMetrics> onCompleted = counter.Add;
        var perRequest = ExtraBytesPerRequest(terminal, context => ResponseCapture.CaptureMetricsAsync(context, terminal, onCompleted));

        AssertWithin(perRequest, CallbackBudget, counter.Bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_result_form_stays_within_its_budget_per_request(bool bodyWriter)
    {
        var terminal = Terminal(bodyWriter);
        var counter = new Counter();
        var perRequest = ExtraBytesPerRequest(terminal, async context => counter.Add(context, await ResponseCapture.CaptureMetricsAsync(context, terminal)));

        AssertWithin(perRequest, ResultBudget, counter.Bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_scope_form_stays_within_its_budget_per_request(bool bodyWriter)
    {
        var terminal = Terminal(bodyWriter);
        var counter = new Counter();
        var perRequest = ExtraBytesPerRequest(terminal, async context =>
        {
            using var scope = ResponseCapture.BeginMetrics(context);
            await terminal(context);
            counter.Add(context, scope.GetMetrics());
        });

        AssertWithin(perRequest, ScopeBudget, counter.Bytes);
    }

    internal static void AssertWithin(long perRequest, long budget, long bytesCounted)
    {
        // The capture saw every byte of every request, or the measurement measured a broken pipeline.
        Assert.Equal((WarmUp + Requests) * (long)s_chunk.Length, bytesCounted);
        Assert.True(perRequest > 0, "the capture allocated nothing: the measurement did not see it");
        Assert.True(perRequest <= budget, $"allocated {perRequest} B per request (budget {budget} B)");
    }

    internal static RequestDelegate Terminal(bool bodyWriter) => bodyWriter
        ? static async context => await context.Response.BodyWriter.WriteAsync(s_chunk)
        : static context => context.Response.Body.WriteAsync(s_chunk).AsTask();

    /// <summary>Bytes allocated per request by <paramref name="app"/> beyond those of <paramref name="baseline"/>.</summary>
    internal static long ExtraBytesPerRequest(RequestDelegate baseline, RequestDelegate app)
    {
        var server = new ServerLikeFeatures();
        Run(server, baseline, WarmUp);
        Run(server, app, WarmUp);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(server, baseline, Requests);
        var middle = GC.GetAllocatedBytesForCurrentThread();
        Run(server, app, Requests);
        var after = GC.GetAllocatedBytesForCurrentThread();
        return ((after - middle) - (middle - before)) / Requests;
    }

    private static void Run(ServerLikeFeatures server, RequestDelegate app, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            var task = server.RunAsync(app);

            // Everything completes synchronously, so every allocation is on this thread and counted.
            Assert.True(task.IsCompletedSuccessfully, "a request did not complete synchronously: the count would miss allocations");
            Assert.Equal(s_chunk.Length, server.BytesSent);
        }
    }

    private sealed class Counter
    {
        public long Bytes { get; private set; }

        public void Add(HttpContext context, ResponseMetrics metrics) => Bytes += metrics.BytesWritten;
    }
}
