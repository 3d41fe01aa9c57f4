using System;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop.Internal;

/// <summary>The capture <see cref="ResponseCapture.Observe"/> installs: counts, and calls the observer on the way through.</summary>
internal sealed class ObservingCapture : ResponseMetricsCapture
{
    private readonly ResponseObserver _observer;

    public ObservingCapture(HttpContext context, IHttpResponseBodyFeature previous, ResponseObserver observer)
        : base(context, previous, endWithRequest: true, hooks: true, Stopwatch.GetTimestamp())
    {
        _observer = observer;
    }

    public ResponseObserver Observer => _observer;

    private protected override void OnWrite(ReadOnlySpan<byte> data) => _observer.OnWrite(data);

    private protected override void OnFlush() => _observer.OnFlush();

    private protected override void OnSendFile(string path, long offset, long length) => _observer.OnSendFile(path, offset, length);

    private protected override void OnBodyCompleted() => _observer.OnCompleted();
}
