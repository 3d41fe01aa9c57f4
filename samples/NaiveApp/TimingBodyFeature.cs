using System.IO.Pipelines;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace NaiveApp;

/// <summary>
/// Measures time to first byte by wrapping the body feature, and drops capabilities on the way. Snoop: SNOOP004
/// (send-file throws, DisableBuffering and CompleteAsync never reach the server).
/// </summary>
public sealed class TimingBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public TimeSpan? FirstByte { get; private set; }

    public Stream Stream => inner.Stream;

    public PipeWriter Writer => inner.Writer;

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        FirstByte ??= _watch.Elapsed;
        return inner.StartAsync(cancellationToken);
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public Task CompleteAsync() => Task.CompletedTask;
}
