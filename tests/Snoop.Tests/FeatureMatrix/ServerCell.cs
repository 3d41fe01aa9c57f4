using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>What the server side of one cell's request records, and the handshake between handler and client.</summary>
internal sealed class ServerCell
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerCell(MatrixRow row, SetUp setUp, bool measureAllocations)
    {
        Row = row;
        MeasureAllocations = measureAllocations;
        AllowSynchronousIO = AllowsSynchronousIO(row, setUp);
    }

    public MatrixRow Row { get; }

    public bool MeasureAllocations { get; }

    /// <summary>Whether the request turns synchronous IO on; otherwise it runs under Kestrel's default (off).</summary>
    public bool AllowSynchronousIO { get; }

    /// <summary>Set by the client once it has read the first event.</summary>
    public Signal ClientReadFirst { get; } = new();

    /// <summary>The handler's verdict: did the client read the first event before the handler went on.</summary>
    public bool? Streamed { get; set; }

    public string ServerError { get; set; } = "";

    public string ServerPath { get; set; } = "";

    public long? Allocated { get; set; }

    /// <summary>Completes when the pipeline has returned or thrown for this request and everything above is recorded.</summary>
    public Task Done => _done.Task;

    public void MarkDone() => _done.TrySetResult();

    /// <summary>
    /// Every cell runs under Kestrel's default, synchronous IO off, so that the no-wrapper and runtime columns
    /// show that nothing on their paths blocks, except the sync-only wrapper's cells in all rows but the
    /// <see cref="Endpoint.AsyncOnlyNoSyncIO"/> one: with synchronous IO on, its other differences show.
    /// </summary>
    public static bool AllowsSynchronousIO(MatrixRow row, SetUp setUp)
        => setUp == SetUp.SyncOnlyWrapperStream && row.Endpoint != Endpoint.AsyncOnlyNoSyncIO;
}

/// <summary>
/// The outermost middleware of every matrix host, before the set-up under test: finds the cell the request
/// belongs to, applies the cell's synchronous-IO setting, installs the <see cref="ServerBodySpy"/> on the
/// server's feature, measures allocations when asked, and records the exception that escapes.
/// </summary>
internal sealed class MatrixHarness
{
    public const string CellHeader = "X-Matrix-Cell";
    private const string CellItem = "FeatureMatrix.Cell";

    private readonly ConcurrentDictionary<string, ServerCell> _cells = new();

    public string Register(ServerCell cell)
    {
        var id = Guid.NewGuid().ToString("N");
        _cells[id] = cell;
        return id;
    }

    public static ServerCell CellOf(HttpContext context) => (ServerCell)context.Items[CellItem]!;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!_cells.TryGetValue(context.Request.Headers[CellHeader].ToString(), out var cell))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Items[CellItem] = cell;
        if (cell.AllowSynchronousIO)
        {
            context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
        }

        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var spy = new ServerBodySpy(server);
        context.Features.Set<IHttpResponseBodyFeature>(spy);
        var before = cell.MeasureAllocations ? GC.GetTotalAllocatedBytes(precise: true) : 0;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            cell.ServerError = Describe(exception);
            throw;
        }
        finally
        {
            if (cell.MeasureAllocations)
            {
                cell.Allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            cell.ServerPath = spy.Path;
            context.Features.Set(server);
            cell.MarkDone();
        }
    }

    /// <summary>The exception's type and the first sentence of its message: stable across runs.</summary>
    private static string Describe(Exception exception)
    {
        var message = exception.Message;
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        if (end >= 0)
        {
            message = message[..end];
        }

        return $"{exception.GetType().Name}: {message.TrimEnd('.')}";
    }
}
